package io.genstage.protocol;

import akka.actor.typed.ActorRef;
import io.genstage.CancelReason;
import io.genstage.SubscribeOptions;
import java.util.Objects;

/**
 * Messages a consumer sends to a producer. Specified in {@code docs/protocol.md}. None of them
 * carries events, so one that reaches a producer after it stopped (an ask racing the producer's
 * own end, which its consumers learn of anyway) is dropped without a dead-letter line.
 *
 * @param <T> the events the subscription carries
 */
public sealed interface ProducerMessage<T> extends WireMessage, akka.actor.DeadLetterSuppression permits ProducerMessage.Subscribe, ProducerMessage.Ask, ProducerMessage.AskUpTo, ProducerMessage.Cancel {

  /**
   * The subscription this message belongs to.
   *
   * @return the subscription's tag
   */
  SubscriptionTag tag();

  /**
   * The consumer that sent it.
   *
   * @return the consumer's actor
   */
  ActorRef<ConsumerMessage<T>> consumer();

  /**
   * Opens subscription {@code tag}. The consumer MUST watch the producer before sending it and MAY
   * ask right after it, without waiting for an answer (there is no acknowledgement).
   *
   * @param consumer the consumer that sent it
   * @param tag the new subscription, created by the consumer
   * @param options the subscription's options
   * @param replaces a subscription of this producer to cancel first with {@code replaceReason}
   *     (resubscribe), or {@code null}
   * @param replaceReason the reason for cancelling {@code replaces}, or {@code null}
   * @param <T> the events the subscription carries
   */
  record Subscribe<T>(
      ActorRef<ConsumerMessage<T>> consumer,
      SubscriptionTag tag,
      SubscribeOptions<?> options,
      SubscriptionTag replaces,
      CancelReason replaceReason)
      implements ProducerMessage<T> {
    /**
     * A subscription request.
     *
     * @param consumer the consumer that sent it; not null
     * @param tag the new subscription; not null
     * @param options the subscription's options; not null
     * @param replaces the subscription to cancel first, or {@code null}
     * @param replaceReason the reason for cancelling {@code replaces}, or {@code null}
     * @throws IllegalArgumentException when only one of {@code replaces} and
     *     {@code replaceReason} is given
     */
    public Subscribe {
      Objects.requireNonNull(consumer, "consumer");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(options, "options");
      if ((replaces == null) != (replaceReason == null)) {
        throw new IllegalArgumentException("replaces and replaceReason must be given together");
      }
    }
  }

  /**
   * Adds {@code demand} events to what the consumer is owed on {@code tag}.
   *
   * @param consumer the consumer that sent it
   * @param tag the subscription
   * @param demand how many more events the consumer asks for
   * @param <T> the events the subscription carries
   */
  record Ask<T>(ActorRef<ConsumerMessage<T>> consumer, SubscriptionTag tag, long demand)
      implements ProducerMessage<T> {
    /**
     * An ask; no reference may be null.
     *
     * @param consumer the consumer that sent it
     * @param tag the subscription
     * @param demand how many more events; at least 1
     * @throws IllegalArgumentException when {@code demand < 1}
     */
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
   *
   * @param consumer the consumer that sent it
   * @param tag the subscription
   * @param received the number of the last event the consumer has received, 0 for none; at least
   *     once, its acknowledgement: the producer may forget the events up to it
   * @param upTo the number of the last event the consumer may receive
   * @param <T> the events the subscription carries
   */
  record AskUpTo<T>(ActorRef<ConsumerMessage<T>> consumer, SubscriptionTag tag, long received, long upTo)
      implements ProducerMessage<T> {
    /**
     * Numbered demand; no reference may be null.
     *
     * @param consumer the consumer that sent it
     * @param tag the subscription
     * @param received the last event received and acknowledged; at least 0
     * @param upTo the last event the consumer may receive; at least {@code received}
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

  /**
   * Ends subscription {@code tag}; the producer answers with {@link ConsumerMessage.Cancelled}.
   *
   * @param consumer the consumer that sent it
   * @param tag the subscription to end
   * @param reason why it ends
   * @param <T> the events the subscription carries
   */
  record Cancel<T>(ActorRef<ConsumerMessage<T>> consumer, SubscriptionTag tag, CancelReason reason)
      implements ProducerMessage<T> {
    /**
     * A cancel; no component may be null.
     *
     * @param consumer the consumer that sent it
     * @param tag the subscription to end
     * @param reason why it ends
     */
    public Cancel {
      Objects.requireNonNull(consumer, "consumer");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
