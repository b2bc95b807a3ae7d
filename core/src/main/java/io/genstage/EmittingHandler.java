package io.genstage;

import io.genstage.internal.StageHandler;
import java.util.List;

/**
 * What the handlers of the two emitting kinds, {@link Producer} and {@link ProducerConsumer}, share:
 * the context, the callbacks that may emit events, and the bridge to the stage actor. Each kind adds
 * its own callback for where events come from (handleDemand, handleEvents).
 *
 * @param <O> the events it emits
 * @param <C> its command type ({@code Void} for none)
 */
abstract class EmittingHandler<O, C> {
  private StageContext<C> context;

  EmittingHandler() {}

  /**
   * What callbacks can do besides returning events. Not available in the constructor.
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
   * A subscription was made. A consumer subscribing ({@code peer} is {@link StageKind#CONSUMER})
   * allows only {@link AskMode#AUTOMATIC}, the default; a producer-consumer's own subscription to a
   * producer ({@code peer} is {@link StageKind#PRODUCER}) may return {@link AskMode#MANUAL}.
   *
   * @param peer the kind of the other side
   * @param from the new subscription
   * @param options the subscription's options, extras included
   * @return who asks on this subscription; {@link AskMode#AUTOMATIC} unless overridden
   */
  protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
    return AskMode.AUTOMATIC;
  }

  /**
   * A subscription ended: a consumer's, or a producer-consumer's own to a producer. May emit events
   * to the remaining consumers.
   *
   * @param cancellation how the subscription ended and why
   * @param from the subscription that ended
   * @return events to emit; none unless overridden
   */
  protected List<O> handleCancel(Cancellation cancellation, Subscription from) {
    return List.of();
  }

  /**
   * A call from {@link GenStage#call}. Answer with {@link StageContext#reply}: the reply leaves
   * after the events returned here.
   *
   * @param request what the caller sent
   * @param from the caller, to answer with {@link StageContext#reply} or {@link GenStage#reply}
   * @return events to emit
   * @throws UnsupportedOperationException unless overridden: the stage fails, as a GenStage without
   *     {@code handle_call} does
   */
  protected List<O> handleCall(C request, CallFrom from) {
    throw new UnsupportedOperationException(getClass().getName() + " does not handle calls: override handleCall");
  }

  /**
   * A command told to the stage's actor (or sent with {@link GenStage#cast}).
   *
   * @param command the command
   * @return events to emit
   * @throws UnsupportedOperationException unless overridden: the stage fails
   */
  protected List<O> handleCast(C command) {
    throw new UnsupportedOperationException(getClass().getName() + " does not handle commands: override handleCast");
  }

  /**
   * An info: from {@link GenStage#syncInfo}, {@link StageContext#info} or a timer. Logged unless overridden.
   *
   * @param info the info, or a {@link WatchedTerminated} for an actor watched with
   *     {@link StageContext#watch}
   * @return events to emit; none unless overridden
   */
  protected List<O> handleInfo(Object info) {
    context().log().warn("{} does not override handleInfo; unhandled info: [{}]", getClass().getName(), info);
    return List.of();
  }

  /**
   * The stage is stopping with {@code reason}; its peers have been told.
   *
   * @param reason the reason it stops with
   */
  protected void terminate(CancelReason reason) {}

  /**
   * The buffer overflowed and {@code count} events were discarded. Return {@code false} to skip
   * the default warning.
   *
   * @param count how many events this overflow discarded
   * @return whether the stage logs its warning; {@code true} unless overridden
   */
  protected boolean formatDiscarded(int count) {
    return true;
  }

  /** Consumers' demand the buffer could not serve; only a producer has it. */
  abstract List<O> demanded(long demand);

  /** A batch from a producer; only a producer-consumer receives one. */
  abstract List<O> received(List<Object> events, Subscription from);

  /** A producer has no input to end. */
  List<O> inputEnded(CancelReason reason) {
    return List.of();
  }

  @SuppressWarnings("unchecked")
  final StageHandler bridge() {
    EmittingHandler<Object, Object> h = (EmittingHandler<Object, Object>) this;
    return new StageHandler() {
      @Override public void attach(StageContext<Object> c) { h.context = c; }
      @Override public List<Object> handleDemand(long demand) { return nonNull(h.demanded(demand)); }
      @Override public List<Object> handleEvents(List<Object> events, Subscription from) {
        return nonNull(h.received(events, from));
      }
      @Override public AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
        return h.handleSubscribe(peer, from, options);
      }
      @Override public List<Object> handleCancel(Cancellation c, Subscription from) { return nonNull(h.handleCancel(c, from)); }
      @Override public List<Object> handleInputEnd(CancelReason reason) { return nonNull(h.inputEnded(reason)); }
      @Override public List<Object> handleCall(Object request, CallFrom from) { return nonNull(h.handleCall(request, from)); }
      @Override public List<Object> handleCast(Object request) { return nonNull(h.handleCast(request)); }
      @Override public List<Object> handleInfo(Object info) { return nonNull(h.handleInfo(info)); }
      @Override public void terminate(CancelReason reason) { h.terminate(reason); }
      @Override public boolean formatDiscarded(int count) { return h.formatDiscarded(count); }
      @Override public String loggerName() { return StageHandler.loggerNameOf(h); }
    };
  }

  private static List<Object> nonNull(List<Object> events) {
    return events == null ? List.of() : events;
  }
}
