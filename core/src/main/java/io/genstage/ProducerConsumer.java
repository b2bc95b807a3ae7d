package io.genstage;

import io.genstage.internal.StageHandler;
import java.util.List;

/**
 * A producer-consumer's handler (GenStage's {@code :producer_consumer}): it receives events from
 * its producers and emits events to its consumers. Turn it into a stage with
 * {@link Stages#producerConsumer}.
 *
 * <p>It has no {@code handleDemand}: demand from its consumers lets it process the batches its
 * producers sent, and only then does it ask its producers for more. A slow consumer therefore
 * slows the whole pipeline down to the source.
 *
 * @param <I> the events it receives
 * @param <O> the events it emits
 * @param <C> its command type ({@code Void} for none)
 */
public abstract class ProducerConsumer<I, O, C> {
  private StageContext<C> context;

  /** What callbacks can do besides returning events. Not available in the constructor. */
  protected final StageContext<C> context() {
    if (context == null) {
      throw new IllegalStateException("context() is available from the first callback on, not in the constructor");
    }
    return context;
  }

  /** A batch from a producer: return the events to emit (any number, including none). */
  protected abstract List<O> handleEvents(List<I> events, Subscription from);

  /**
   * A subscription was made: to a producer ({@code peer} is {@link StageKind#PRODUCER}, and
   * {@link AskMode#MANUAL} may be returned) or from a consumer ({@code peer} is
   * {@link StageKind#CONSUMER}, and only {@link AskMode#AUTOMATIC} is allowed).
   */
  protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions options) {
    return AskMode.AUTOMATIC;
  }

  /** A subscription on either side ended. May emit events. */
  protected List<O> handleCancel(Cancellation cancellation, Subscription from) {
    return List.of();
  }

  /** See {@link Producer#handleCall}. */
  protected List<O> handleCall(C request, CallFrom from) {
    throw new UnsupportedOperationException(getClass().getName() + " does not handle calls: override handleCall");
  }

  /** See {@link Producer#handleCast}. */
  protected List<O> handleCast(C command) {
    throw new UnsupportedOperationException(getClass().getName() + " does not handle commands: override handleCast");
  }

  /** See {@link Producer#handleInfo}. */
  protected List<O> handleInfo(Object info) {
    context().log().warn("{} does not override handleInfo; unhandled info: [{}]", getClass().getName(), info);
    return List.of();
  }

  /** The stage is stopping with {@code reason}; its peers have been told. */
  protected void terminate(CancelReason reason) {}

  /** See {@link Producer#formatDiscarded}. */
  protected boolean formatDiscarded(int count) {
    return true;
  }

  @SuppressWarnings("unchecked")
  final StageHandler bridge() {
    ProducerConsumer<Object, Object, Object> h = (ProducerConsumer<Object, Object, Object>) this;
    return new StageHandler() {
      @Override public void attach(StageContext<Object> c) { h.context = c; }
      @Override public List<Object> handleDemand(long demand) {
        throw new IllegalStateException("a producer-consumer has no handleDemand");
      }
      @Override public List<Object> handleEvents(List<Object> events, Subscription from) {
        return Producer.nonNull(h.handleEvents(events, from));
      }
      @Override public AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions options) {
        return h.handleSubscribe(peer, from, options);
      }
      @Override public List<Object> handleCancel(Cancellation c, Subscription from) { return Producer.nonNull(h.handleCancel(c, from)); }
      @Override public List<Object> handleCall(Object request, CallFrom from) { return Producer.nonNull(h.handleCall(request, from)); }
      @Override public List<Object> handleCast(Object request) { return Producer.nonNull(h.handleCast(request)); }
      @Override public List<Object> handleInfo(Object info) { return Producer.nonNull(h.handleInfo(info)); }
      @Override public void terminate(CancelReason reason) { h.terminate(reason); }
      @Override public boolean formatDiscarded(int count) { return h.formatDiscarded(count); }
    };
  }
}
