package io.genstage.testkit.internal;

import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.internal.InternalApi;
import io.genstage.protocol.SubscriptionTag;
import java.util.List;

/** INTERNAL API. What a probe's stage tells its test probe, in the order it happened. */
@InternalApi
public sealed interface ProbeReport {

  /** A consumer subscribed to the producer probe. */
  record Subscribed(Subscription subscription, SubscribeOptions<?> options) implements ProbeReport {}

  /** A consumer asked the producer probe for {@code demand} more. */
  record Asked(SubscriptionTag tag, long demand) implements ProbeReport {}

  /** A consumer cancelled its subscription to the producer probe. */
  record Cancelled(Subscription subscription, CancelReason reason) implements ProbeReport {}

  /** The consumer probe received a batch. */
  record Batch(Subscription subscription, List<?> events) implements ProbeReport {}

  /** One of the consumer probe's subscriptions ended. */
  record Ended(Subscription subscription, Cancellation cancellation) implements ProbeReport {}
}
