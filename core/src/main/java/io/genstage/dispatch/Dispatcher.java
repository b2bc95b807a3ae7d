package io.genstage.dispatch;

import io.genstage.SubscribeOptions;
import java.util.List;

/**
 * Decides which consumer of a producer receives which events. A dispatcher is a plain object owned
 * by one producer incarnation and called only from the producer's thread; it never sees the actor
 * and sends only through {@link ConsumerHandle}s.
 *
 * <p>A dispatcher sends only events it was handed by {@link #dispatch}, never events of its own: that
 * is what lets a dispatcher for a supertype ({@code Dispatcher<Object>}, as the default one is) serve a
 * producer of narrower events.
 *
 * <p>Every method that returns a {@code long} returns the demand the producer must now satisfy
 * (0 for none): the producer serves it from its buffer first, then from {@code handleDemand}.
 *
 * @param <E> the events
 */
public interface Dispatcher<E> {

  /**
   * A consumer subscribed, after the producer's {@code handleSubscribe} accepted it.
   *
   * @param options the subscription's options (partition, selector, extras)
   * @param consumer the new subscription's handle
   * @return new demand for the producer
   * @throws SubscriptionRefusedException to refuse the subscription; the dispatcher must then keep
   *     no trace of it
   */
  long subscribe(SubscribeOptions<?> options, ConsumerHandle<E> consumer);

  /**
   * A consumer's subscription ended (cancelled, or the consumer terminated). Must be harmless for
   * a handle the dispatcher does not know.
   *
   * @param consumer the ended subscription's handle
   * @return new demand for the producer
   */
  long cancel(ConsumerHandle<E> consumer);

  /**
   * A consumer asked for {@code demand} more events ({@code demand >= 1}).
   *
   * @param demand how many more events the consumer asked for; at least 1
   * @param consumer the handle of the subscription it asked on
   * @return new demand for the producer
   */
  long ask(long demand, ConsumerHandle<E> consumer);

  /**
   * Sends what the consumers' demand allows of {@code events} (never empty) and returns the rest,
   * in order, which the producer buffers. A dispatcher must cope with more events than demanded.
   *
   * @param events the events the producer emitted or took from its buffer, in order; never empty
   * @return the events not sent, in order; empty when all were sent
   */
  List<E> dispatch(List<E> events);

  /**
   * Delivers {@code info} through {@link DispatcherContext#deliverInfo(Object)} once every event
   * the dispatcher holds from before it has been sent.
   *
   * @param info the info for the producer's {@code handleInfo}
   */
  void info(Object info);
}
