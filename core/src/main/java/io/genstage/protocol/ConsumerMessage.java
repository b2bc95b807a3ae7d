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
public sealed interface ConsumerMessage<T> extends WireMessage permits ConsumerMessage.Events, ConsumerMessage.NumberedEvents, ConsumerMessage.Cancelled {

  /**
   * The subscription this message belongs to.
   *
   * @return the subscription's tag
   */
  SubscriptionTag tag();

  /**
   * The producer that sent it.
   *
   * @return the producer's actor
   */
  ActorRef<ProducerMessage<T>> producer();

  /**
   * A batch of events on {@code tag}. A producer MUST NOT send more events than the consumer asked
   * for. The list is not copied: neither side may change it once sent. It MAY be empty (a broadcast
   * selector can filter a whole batch away).
   *
   * @param producer the producer that sent it
   * @param tag the subscription
   * @param events the batch, in order
   * @param <T> the events the subscription carries
   */
  record Events<T>(ActorRef<ProducerMessage<T>> producer, SubscriptionTag tag, List<T> events)
      implements ConsumerMessage<T> {
    /**
     * A batch; no component may be null.
     *
     * @param producer the producer that sent it
     * @param tag the subscription
     * @param events the batch, not copied
     */
    public Events {
      Objects.requireNonNull(producer, "producer");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(events, "events");
    }
  }

  /**
   * A batch of events across nodes, where a message can be lost: the events are numbers {@code first}
   * onwards on {@code tag}, and every event before {@code first} has been sent. A consumer drops
   * those it already has (duplicates) and counts a jump past the next number it expected as lost.
   * An empty batch only says how far the producer has sent: its answer to a repeated {@link
   * ProducerMessage.AskUpTo}.
   *
   * @param producer the producer that sent it
   * @param tag the subscription
   * @param first the number of the batch's first event; events are numbered from 1
   * @param events the batch, in order; may be empty
   * @param <T> the events the subscription carries
   */
  record NumberedEvents<T>(ActorRef<ProducerMessage<T>> producer, SubscriptionTag tag, long first, List<T> events)
      implements ConsumerMessage<T> {
    /**
     * A numbered batch; no reference may be null.
     *
     * @param producer the producer that sent it
     * @param tag the subscription
     * @param first the number of the batch's first event; at least 1
     * @param events the batch, not copied
     * @throws IllegalArgumentException when {@code first < 1}
     */
    public NumberedEvents {
      Objects.requireNonNull(producer, "producer");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(events, "events");
      if (first < 1) {
        throw new IllegalArgumentException("first must be >= 1, got: " + first);
      }
    }
  }

  /**
   * Subscription {@code tag} has ended with {@code reason}; no event follows on it.
   *
   * @param producer the producer that sent it
   * @param tag the subscription that ended
   * @param reason why it ended
   * @param <T> the events the subscription carried
   */
  record Cancelled<T>(ActorRef<ProducerMessage<T>> producer, SubscriptionTag tag, CancelReason reason)
      implements ConsumerMessage<T>, akka.actor.DeadLetterSuppression { // to a stopped consumer: nothing lost
    /**
     * An end of subscription; no component may be null.
     *
     * @param producer the producer that sent it
     * @param tag the subscription that ended
     * @param reason why it ended
     */
    public Cancelled {
      Objects.requireNonNull(producer, "producer");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
