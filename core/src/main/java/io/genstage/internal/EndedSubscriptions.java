package io.genstage.internal;

import io.genstage.CancelReason;
import io.genstage.protocol.SubscriptionTag;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * INTERNAL API. How a producer's latest subscriptions from consumers on other nodes ended, the last
 * {@value #REMEMBERED}: a consumer whose cancel, or the producer's answer to it, was lost asks
 * again and hears the same reason. A subscription whose consumer was lost with its node is
 * remembered as not to be answered: a message from that consumer afterwards comes from a node cut
 * off and still running, which learns of the loss from its own watch, and this side's reason would
 * name the wrong node.
 */
@InternalApi
final class EndedSubscriptions {
  static final int REMEMBERED = 1024;

  // A null reason: not to be answered.
  private final Map<SubscriptionTag, CancelReason> ended = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<SubscriptionTag, CancelReason> eldest) {
      return size() > REMEMBERED;
    }
  };

  /** {@code tag} ended with {@code reason}. */
  void ended(SubscriptionTag tag, CancelReason reason) {
    ended.put(tag, reason);
  }

  /** {@code tag} ended because its consumer was lost. */
  void lost(SubscriptionTag tag) {
    ended.put(tag, null);
  }

  boolean contains(SubscriptionTag tag) {
    return ended.containsKey(tag);
  }

  /**
   * The reason to answer a message on a tag the producer does not hold: how it ended, {@code
   * UNKNOWN_SUBSCRIPTION} for one not remembered, or null for one not to be answered.
   */
  CancelReason answerFor(SubscriptionTag tag) {
    return ended.containsKey(tag) ? ended.get(tag) : CancelReason.UNKNOWN_SUBSCRIPTION;
  }
}
