package io.genstage.protocol;

import java.util.Objects;
import java.util.UUID;

/**
 * The identity of one subscription between a consumer and a producer. The consumer creates it;
 * both sides key their bookkeeping by it.
 *
 * @param id the identity, unique to the subscription
 */
public record SubscriptionTag(UUID id) {

  /**
   * The tag with identity {@code id}; use {@link #create()} for a new subscription.
   *
   * @param id the tag's identity; not null
   */
  public SubscriptionTag {
    Objects.requireNonNull(id, "id");
  }

  /**
   * A tag that no other subscription has.
   *
   * @return a tag with a random UUID
   */
  public static SubscriptionTag create() {
    return new SubscriptionTag(UUID.randomUUID());
  }

  @Override
  public String toString() {
    return "SubscriptionTag(" + id + ")";
  }
}
