package io.genstage.protocol;

import akka.actor.typed.ActorRef;
import io.genstage.CancelReason;
import java.util.List;
import java.util.Objects;

/**
 * Messages a producer sends to a consumer. Specified in {@code docs/protocol.md}.
 *
 * @param <T> the events the subscription carries
 */
public sealed interface ConsumerMessage<T> extends WireMessage permits ConsumerMessage.Events, ConsumerMessage.Cancelled {

  /** The subscription this message belongs to. */
  SubscriptionTag tag();

  /** The producer that sent it. */
  ActorRef<ProducerMessage<T>> producer();

  /**
   * A batch of events on {@code tag}. A producer MUST NOT send more events than the consumer asked
   * for. The list is not copied: neither side may change it once sent. It MAY be empty (a broadcast
   * selector can filter a whole batch away).
   */
  record Events<T>(ActorRef<ProducerMessage<T>> producer, SubscriptionTag tag, List<T> events)
      implements ConsumerMessage<T> {
    public Events {
      Objects.requireNonNull(producer, "producer");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(events, "events");
    }
  }

  /** Subscription {@code tag} has ended with {@code reason}; no event follows on it. */
  record Cancelled<T>(ActorRef<ProducerMessage<T>> producer, SubscriptionTag tag, CancelReason reason)
      implements ConsumerMessage<T> {
    public Cancelled {
      Objects.requireNonNull(producer, "producer");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
