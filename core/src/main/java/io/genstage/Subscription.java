package io.genstage;

import akka.actor.typed.ActorRef;
import io.genstage.protocol.SubscriptionTag;
import io.genstage.protocol.WireMessage;
import java.util.Objects;

/**
 * One link between a producer and a consumer, as both sides' callbacks see it (GenStage's
 * {@code from}). Pass it to {@link StageContext#ask(Subscription, long)} or
 * {@link GenStage#cancel(Subscription, CancelReason)}.
 *
 * @param producer the producer's actor
 * @param consumer the consumer's actor
 * @param tag the subscription's identity
 */
public record Subscription(ActorRef<?> producer, ActorRef<?> consumer, SubscriptionTag tag) implements WireMessage {
  /**
   * A subscription.
   *
   * @param producer the producer's actor; not null
   * @param consumer the consumer's actor; not null
   * @param tag the subscription's identity; not null
   */
  public Subscription {
    Objects.requireNonNull(producer, "producer");
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(tag, "tag");
  }
}
