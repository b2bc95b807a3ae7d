package io.genstage.protocol;

import java.util.Objects;
import java.util.UUID;

/**
 * The identity of one subscription between a consumer and a producer. The consumer creates it;
 * both sides key their bookkeeping by it.
 */
public record SubscriptionTag(UUID id) {

  public SubscriptionTag {
    Objects.requireNonNull(id, "id");
  }

  /** A tag that no other subscription has. */
  public static SubscriptionTag create() {
    return new SubscriptionTag(UUID.randomUUID());
  }

  @Override
  public String toString() {
    return "SubscriptionTag(" + id + ")";
  }
}
