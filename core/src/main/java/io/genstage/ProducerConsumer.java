package io.genstage;

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
public abstract class ProducerConsumer<I, O, C> extends EmittingHandler<O, C> {

  /**
   * A batch from a producer: return the events to emit (any number, including none).
   *
   * @param events the batch, in the order the producer emitted it; do not change it
   * @param from the subscription it came on
   * @return events to emit
   */
  protected abstract List<O> handleEvents(List<I> events, Subscription from);

  /**
   * Its input ended normally: the cancel modes of its subscriptions stop the stage (a
   * {@link CancelMode#PERMANENT} subscription ended, or the last {@link CancelMode#LAST} one, with
   * {@link CancelReason#NORMAL} or {@link CancelReason#SHUTDOWN}). Called once, after the
   * {@code handleCancel} of that subscription: return the last events to emit, for example the
   * result of a reduction. They reach the consumers before the stage stops. Not called when the
   * stage stops any other way.
   *
   * @param reason the normal reason its input ended with
   * @return the last events to emit; none unless overridden
   */
  protected List<O> handleInputEnd(CancelReason reason) {
    return List.of();
  }

  @Override
  final List<O> inputEnded(CancelReason reason) {
    return handleInputEnd(reason);
  }

  @Override
  final List<O> demanded(long demand) {
    throw new IllegalStateException("a producer-consumer has no handleDemand");
  }

  @Override
  @SuppressWarnings("unchecked")
  final List<O> received(List<Object> events, Subscription from) {
    return handleEvents((List<I>) (List<?>) events, from);
  }
}
