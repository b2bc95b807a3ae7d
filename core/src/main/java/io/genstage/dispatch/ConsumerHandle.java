package io.genstage.dispatch;

import io.genstage.protocol.SubscriptionTag;
import java.util.List;

/**
 * A dispatcher's view of one subscribed consumer: where to send its events. Handles are equal when
 * their tags are equal.
 *
 * @param <E> the events
 */
public interface ConsumerHandle<E> {

  /**
   * The subscription's identity.
   *
   * @return the subscription's tag
   */
  SubscriptionTag tag();

  /**
   * The consumer's identity: two subscriptions of the same consumer actor have equal owners
   * (broadcast dispatchers use it to refuse a second subscription).
   *
   * @return a value equal for all subscriptions of one consumer actor
   */
  Object owner();

  /**
   * Sends one batch to the consumer. The list is handed over: do not change it afterwards.
   *
   * @param events at most the consumer's outstanding demand
   */
  void send(List<E> events);
}
