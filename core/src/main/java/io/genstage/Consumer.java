package io.genstage;

import io.genstage.internal.StageHandler;
import java.time.Duration;
import java.util.List;

/**
 * A consumer's handler (GenStage's {@code :consumer}). It receives events and emits none: its
 * callbacks return nothing, so a consumer cannot emit by mistake. Turn it into a stage with
 * {@link Stages#consumer}.
 *
 * <pre>{@code
 * final class Printer extends Consumer<Integer, Void> {
 *   @Override protected void handleEvents(List<Integer> events, Subscription from) {
 *     context().log().info("got {}", events);
 *   }
 * }
 * }</pre>
 *
 * @param <I> the events it receives
 * @param <C> its command type ({@code Void} for none)
 */
public abstract class Consumer<I, C> {
  private StageContext<C> context;

  /**
   * What callbacks can do. Not available in the constructor.
   *
   * @return the stage's context
   * @throws IllegalStateException when called before the first callback, in the constructor
   */
  protected final StageContext<C> context() {
    if (context == null) {
      throw new IllegalStateException("context() is available from the first callback on, not in the constructor");
    }
    return context;
  }

  /**
   * A batch from a producer. In {@link AskMode#AUTOMATIC} mode a batch holds at most
   * {@code maxDemand - minDemand} events and the stage asks for more after this returns.
   *
   * @param events the batch, in the order the producer emitted it; do not change it
   * @param from the subscription it came on
   */
  protected abstract void handleEvents(List<I> events, Subscription from);

  /**
   * The consumer subscribed to a producer ({@code peer} is {@link StageKind#PRODUCER}). Return
   * {@link AskMode#MANUAL} to ask through {@link StageContext#ask} yourself.
   *
   * @param peer the kind of the other side: {@link StageKind#PRODUCER} here
   * @param from the new subscription
   * @param options the subscription's options, extras included
   * @return who asks on this subscription; {@link AskMode#AUTOMATIC} unless overridden
   */
  protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
    return AskMode.AUTOMATIC;
  }

  /**
   * A subscription ended. After this returns, the subscription's {@link CancelMode} decides whether
   * the consumer stops.
   *
   * @param cancellation how the subscription ended and why
   * @param from the subscription that ended
   */
  protected void handleCancel(Cancellation cancellation, Subscription from) {}

  /**
   * Its input ended normally and the consumer is about to stop: as
   * {@link ProducerConsumer#handleInputEnd}, the place to finish a result (flush, commit, report).
   *
   * @param reason the normal reason its input ended with
   */
  protected void handleInputEnd(CancelReason reason) {}

  /**
   * See {@link Producer#handleCall}.
   *
   * @param request what the caller sent
   * @param from the caller, to answer with {@link StageContext#reply} or {@link GenStage#reply}
   * @throws UnsupportedOperationException unless overridden: the stage fails
   */
  protected void handleCall(C request, CallFrom from) {
    throw new UnsupportedOperationException(getClass().getName() + " does not handle calls: override handleCall");
  }

  /**
   * See {@link Producer#handleCast}.
   *
   * @param command the command told to the stage
   * @throws UnsupportedOperationException unless overridden: the stage fails
   */
  protected void handleCast(C command) {
    throw new UnsupportedOperationException(getClass().getName() + " does not handle commands: override handleCast");
  }

  /**
   * See {@link Producer#handleInfo}.
   *
   * @param info the info, or a {@link WatchedTerminated} for an actor watched with
   *     {@link StageContext#watch}
   */
  protected void handleInfo(Object info) {
    context().log().warn("{} does not override handleInfo; unhandled info: [{}]", getClass().getName(), info);
  }

  /**
   * The stage is stopping with {@code reason}; its peers have been told.
   *
   * @param reason the reason it stops with
   */
  protected void terminate(CancelReason reason) {}

  /**
   * How long, once this stage stops (after {@link #terminate}), its children may take to stop on
   * their own before they are stopped. Default zero: they stop with the stage, as an actor's
   * children do. {@code ChronoUnit.FOREVER.getDuration()} waits without a limit. Only a stop the
   * stage makes itself waits; a stop by its parent is immediate.
   *
   * @return the longest wait for the stage's children to stop
   */
  protected Duration shutdownTimeout() {
    return Duration.ZERO;
  }

  @SuppressWarnings("unchecked")
  final StageHandler bridge() {
    Consumer<Object, Object> h = (Consumer<Object, Object>) this;
    return new StageHandler() {
      @Override public void attach(StageContext<Object> c) { h.context = c; }
      @Override public List<Object> handleDemand(long demand) {
        throw new IllegalStateException("a consumer has no handleDemand");
      }
      @Override public List<Object> handleEvents(List<Object> events, Subscription from) {
        h.handleEvents(events, from);
        return List.of();
      }
      @Override public AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
        return h.handleSubscribe(peer, from, options);
      }
      @Override public List<Object> handleCancel(Cancellation c, Subscription from) {
        h.handleCancel(c, from);
        return List.of();
      }
      @Override public List<Object> handleInputEnd(CancelReason reason) {
        h.handleInputEnd(reason);
        return List.of();
      }
      @Override public List<Object> handleCall(Object request, CallFrom from) {
        h.handleCall(request, from);
        return List.of();
      }
      @Override public List<Object> handleCast(Object request) {
        h.handleCast(request);
        return List.of();
      }
      @Override public List<Object> handleInfo(Object info) {
        h.handleInfo(info);
        return List.of();
      }
      @Override public void terminate(CancelReason reason) { h.terminate(reason); }
      @Override public boolean formatDiscarded(int count) { return true; }
      @Override public Duration shutdownTimeout() { return h.shutdownTimeout(); }
      @Override public String loggerName() { return StageHandler.loggerNameOf(h); }
    };
  }
}
