package io.genstage;

/**
 * What a subscription promises about its events. Set per subscription with {@link
 * SubscribeOptions#withDelivery(Delivery)}; the consumer chooses, and the producer keeps the promise.
 *
 * <p>On one node no message between two live stages is lost, and {@link #AT_MOST_ONCE} costs
 * nothing. Across nodes the network can lose a message: every subscription there numbers its
 * events and repeats its demand after a silence, so that it never stalls, and the delivery mode
 * says what happens to events lost on the way.
 */
public enum Delivery {
  /**
   * Each event is handled once or not at all. Events lost on their way from another node are
   * skipped: the consumer logs how many and asks for more. The default.
   */
  AT_MOST_ONCE,
  /**
   * Each event is handled at least once, in order. The producer keeps every event it sent until
   * the consumer acknowledges it (once {@code handleEvents} has returned, or when the handler says
   * so with {@link SubscribeOptions#withExplicitAcknowledgement}; acknowledgements travel with the
   * consumer's demand), and sends again what was lost on the way; the consumer drops the
   * duplicates by their numbers, so its handler sees each event once while the subscription
   * lasts. The producer keeps at most the subscription's max demand. A consumer cut off for a
   * while and reached again gets what it missed. A resubscribe ({@link GenStage#resubscribe})
   * hands the replaced subscription's unacknowledged events back to the producer, first in line,
   * for the new subscription. Otherwise, events sent and not acknowledged when the subscription
   * ends are dropped, and the producer logs how many.
   */
  AT_LEAST_ONCE,
  /**
   * As {@link #AT_LEAST_ONCE}, and when the subscription ends (its consumer cancelled, stopped or
   * was lost with its node) the events it was sent and did not acknowledge go back to the producer:
   * to its other consumers with demand, or first in its buffer for the next one to subscribe. One of
   * them may then handle an event the lost consumer had handled without acknowledging it yet. Meant
   * for demand and partition dispatchers; with a broadcast dispatcher every consumer already has
   * every event, and would get these again.
   */
  AT_LEAST_ONCE_REDELIVERED
}
