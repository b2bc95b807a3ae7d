package io.genstage.protocol;

import akka.actor.typed.ActorRef;
import io.genstage.CancelReason;
import io.genstage.SubscribeOptions;
import java.util.Objects;

/**
 * Messages a consumer sends to a producer. Specified in {@code docs/protocol.md}.
 *
 * @param <T> the events the subscription carries
 */
public sealed interface ProducerMessage<T> extends WireMessage permits ProducerMessage.Subscribe, ProducerMessage.Ask, ProducerMessage.AskUpTo, ProducerMessage.Cancel {

  /** The subscription this message belongs to. */
  SubscriptionTag tag();

  /** The consumer that sent it. */
  ActorRef<ConsumerMessage<T>> consumer();

  /**
   * Opens subscription {@code tag}. The consumer MUST watch the producer before sending it and MAY
   * ask right after it, without waiting for an answer (there is no acknowledgement).
   *
   * @param replaces a subscription of this producer to cancel first with {@code replaceReason}
   *     (resubscribe), or {@code null}
   * @param replaceReason the reason for cancelling {@code replaces}, or {@code null}
   */
  record Subscribe<T>(
      ActorRef<ConsumerMessage<T>> consumer,
      SubscriptionTag tag,
      SubscribeOptions<?> options,
      SubscriptionTag replaces,
      CancelReason replaceReason)
      implements ProducerMessage<T> {
    public Subscribe {
      Objects.requireNonNull(consumer, "consumer");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(options, "options");
      if ((replaces == null) != (replaceReason == null)) {
        throw new IllegalArgumentException("replaces and replaceReason must be given together");
      }
    }
  }

  /** Adds {@code demand} events to what the consumer is owed on {@code tag}. */
  record Ask<T>(ActorRef<ConsumerMessage<T>> consumer, SubscriptionTag tag, long demand)
      implements ProducerMessage<T> {
    /** @throws IllegalArgumentException when {@code demand < 1} */
    public Ask {
      Objects.requireNonNull(consumer, "consumer");
      Objects.requireNonNull(tag, "tag");
      if (demand < 1) {
        throw new IllegalArgumentException("demand must be >= 1, got: " + demand);
      }
    }
  }

  /**
   * Demand across nodes, where a message can be lost: the consumer may receive events on {@code tag}
   * up to event number {@code upTo} (events are numbered from 1, see {@link
   * ConsumerMessage.NumberedEvents}) and has received every event up to {@code received}. It is
   * idempotent: an {@code upTo} no higher than one already seen adds no demand, so a consumer can
   * repeat it after a silence; a producer answers such a repeat with an empty {@code NumberedEvents}
   * that says how far it has sent.
   */
  record AskUpTo<T>(ActorRef<ConsumerMessage<T>> consumer, SubscriptionTag tag, long received, long upTo)
      implements ProducerMessage<T> {
    /**
     * @throws IllegalArgumentException when {@code received < 0} or {@code upTo < received}
     */
    public AskUpTo {
      Objects.requireNonNull(consumer, "consumer");
      Objects.requireNonNull(tag, "tag");
      if (received < 0) {
        throw new IllegalArgumentException("received must be >= 0, got: " + received);
      }
      if (upTo < received) {
        throw new IllegalArgumentException("upTo must be >= received (" + received + "), got: " + upTo);
      }
    }
  }

  /** Ends subscription {@code tag}; the producer answers with {@link ConsumerMessage.Cancelled}. */
  record Cancel<T>(ActorRef<ConsumerMessage<T>> consumer, SubscriptionTag tag, CancelReason reason)
      implements ProducerMessage<T> {
    public Cancel {
      Objects.requireNonNull(consumer, "consumer");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
