package io.genstage.dispatch;

/**
 * Creates the dispatcher of one producer incarnation (a restarted producer gets a fresh one).
 *
 * @param <E> the events
 */
@FunctionalInterface
public interface DispatcherFactory<E> {
  Dispatcher<E> create(DispatcherContext context);
}
