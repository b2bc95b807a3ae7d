package io.genstage;

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
public abstract class Producer<O, C> extends EmittingHandler<O, C> {

  /**
   * Consumers asked for {@code demand} more events (at least 1) that the buffer could not serve.
   *
   * @param demand how many events are wanted; at least 1
   * @return events to emit: fewer than {@code demand} (emit the rest later), or more (the excess
   *     is buffered)
   */
  protected abstract List<O> handleDemand(long demand);

  @Override
  final List<O> demanded(long demand) {
    return handleDemand(demand);
  }

  @Override
  final List<O> received(List<Object> events, Subscription from) {
    throw new IllegalStateException("a producer receives no events");
  }
}
