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

  /** The subscription's identity. */
  SubscriptionTag tag();

  /**
   * The consumer's identity: two subscriptions of the same consumer actor have equal owners
   * (broadcast dispatchers use it to refuse a second subscription).
   */
  Object owner();

  /** Sends one batch to the consumer. The list is handed over: do not change it afterwards. */
  void send(List<E> events);
}
