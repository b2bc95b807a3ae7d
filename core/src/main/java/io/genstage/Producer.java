package io.genstage;

import io.genstage.internal.StageHandler;
import java.util.List;

/**
 * A producer's handler (GenStage's callback module for {@code :producer}). Its fields are its state:
 * the stage calls one callback at a time. Turn it into a stage with {@link Stages#producer}.
 *
 * <p>A producer emits events only against demand. {@link #handleDemand(long)} is called with the
 * demand its buffer could not serve, never with 0; the callbacks that return events may return
 * fewer than asked (remember the rest and emit later) or more (the excess is buffered).
 *
 * <pre>{@code
 * final class Counter extends Producer<Integer, Void> {
 *   private int next;
 *   Counter(int start) { next = start; }
 *   @Override protected List<Integer> handleDemand(long demand) {
 *     List<Integer> out = new ArrayList<>();
 *     for (long i = 0; i < demand; i++) out.add(next++);
 *     return out;
 *   }
 * }
 * }</pre>
 *
 * @param <O> the events it emits
 * @param <C> its command type ({@code Void} for none)
 */
public abstract class Producer<O, C> {
  private StageContext<C> context;

  /** What callbacks can do besides returning events. Not available in the constructor. */
  protected final StageContext<C> context() {
    if (context == null) {
      throw new IllegalStateException("context() is available from the first callback on, not in the constructor");
    }
    return context;
  }

  /** Consumers asked for {@code demand} more events (at least 1) that the buffer could not serve. */
  protected abstract List<O> handleDemand(long demand);

  /**
   * A consumer subscribed. Must return {@link AskMode#AUTOMATIC} (the default); only consumers
   * ask manually.
   *
   * @param peer always {@link StageKind#CONSUMER} here
   */
  protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions options) {
    return AskMode.AUTOMATIC;
  }

  /** A consumer's subscription ended. May emit events to the remaining consumers. */
  protected List<O> handleCancel(Cancellation cancellation, Subscription from) {
    return List.of();
  }

  /**
   * A call from {@link GenStage#call}. Answer with {@link StageContext#reply}: the reply leaves
   * after the events returned here.
   *
   * @throws UnsupportedOperationException unless overridden: the stage fails, as a GenStage without
   *     {@code handle_call} does
   */
  protected List<O> handleCall(C request, CallFrom from) {
    throw new UnsupportedOperationException(getClass().getName() + " does not handle calls: override handleCall");
  }

  /**
   * A command told to the stage's actor (or sent with {@link GenStage#cast}).
   *
   * @throws UnsupportedOperationException unless overridden: the stage fails
   */
  protected List<O> handleCast(C command) {
    throw new UnsupportedOperationException(getClass().getName() + " does not handle commands: override handleCast");
  }

  /** An info: from {@link GenStage#syncInfo}, {@link StageContext#info} or a timer. Logged unless overridden. */
  protected List<O> handleInfo(Object info) {
    context().log().warn("{} does not override handleInfo; unhandled info: [{}]", getClass().getName(), info);
    return List.of();
  }

  /** The stage is stopping with {@code reason}; its peers have been told. */
  protected void terminate(CancelReason reason) {}

  /**
   * The buffer overflowed and {@code count} events were discarded. Return {@code false} to skip
   * the default warning.
   */
  protected boolean formatDiscarded(int count) {
    return true;
  }

  @SuppressWarnings("unchecked")
  final StageHandler bridge() {
    Producer<Object, Object> h = (Producer<Object, Object>) this;
    return new StageHandler() {
      @Override public void attach(StageContext<Object> c) { h.context = c; }
      @Override public List<Object> handleDemand(long demand) { return nonNull(h.handleDemand(demand)); }
      @Override public List<Object> handleEvents(List<Object> events, Subscription from) {
        throw new IllegalStateException("a producer receives no events");
      }
      @Override public AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions options) {
        return h.handleSubscribe(peer, from, options);
      }
      @Override public List<Object> handleCancel(Cancellation c, Subscription from) { return nonNull(h.handleCancel(c, from)); }
      @Override public List<Object> handleCall(Object request, CallFrom from) { return nonNull(h.handleCall(request, from)); }
      @Override public List<Object> handleCast(Object request) { return nonNull(h.handleCast(request)); }
      @Override public List<Object> handleInfo(Object info) { return nonNull(h.handleInfo(info)); }
      @Override public void terminate(CancelReason reason) { h.terminate(reason); }
      @Override public boolean formatDiscarded(int count) { return h.formatDiscarded(count); }
    };
  }

  static List<Object> nonNull(List<Object> events) {
    return events == null ? List.of() : events;
  }
}
