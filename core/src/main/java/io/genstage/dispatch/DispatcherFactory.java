package io.genstage.dispatch;

/**
 * Creates the dispatcher of one producer incarnation (a restarted producer gets a fresh one).
 *
 * @param <E> the events
 */
@FunctionalInterface
public interface DispatcherFactory<E> {
  /**
   * Creates the dispatcher of a producer incarnation that is starting.
   *
   * @param context what the dispatcher can ask of that producer
   * @return a new dispatcher, not shared with another producer
   */
  Dispatcher<E> create(DispatcherContext context);
}
