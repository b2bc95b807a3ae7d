package io.genstage.internal;

import akka.actor.typed.ActorRef;
import akka.Done;
import akka.pattern.StatusReply;
import io.genstage.CallFrom;
import io.genstage.CancelReason;
import io.genstage.DemandMode;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.protocol.SubscriptionTag;
import io.genstage.protocol.WireMessage;

/**
 * INTERNAL API. Messages the library sends to a stage besides the subscription protocol: the
 * requests behind {@code GenStage}'s helpers, and the stage's own signals to itself.
 */
@InternalApi
public sealed interface StageCommand extends WireMessage {

  /**
   * Subscribe this consumer to {@code producer}; {@code replyTo} (null for an async subscribe) is
   * answered once handleSubscribe ran and the first ask left.
   */
  record SubscribeRequest(
      ActorRef<?> producer,
      SubscribeOptions<?> options,
      SubscriptionTag replaces,
      CancelReason replaceReason,
      ActorRef<StatusReply<Subscription>> replyTo)
      implements StageCommand {}

  /** A call: {@code from} wraps the caller's reply-to ref. */
  record Call(Object request, CallFrom from) implements StageCommand {}

  /** Queue {@code info} behind the buffered events; {@code queued} (may be null) hears it was. */
  record InfoRequest(Object info, ActorRef<StatusReply<Done>> queued) implements StageCommand {}

  /** Deliver {@code info} to handleInfo now. */
  record SelfInfo(Object info) implements StageCommand {}

  record GetDemandMode(ActorRef<StatusReply<DemandMode>> replyTo) implements StageCommand {}

  record SetDemandMode(DemandMode mode) implements StageCommand {}

  record GetBufferedCount(ActorRef<StatusReply<Integer>> replyTo) implements StageCommand {}

  record Stop(CancelReason reason) implements StageCommand {}

  /** Demand the dispatcher asks the producer to serve (events it dropped met none). */
  record MoreDemand(long demand) implements StageCommand {}

  /** Drain, then stop with {@code reason}, as {@code StageContext.stopWhenDrained}. */
  record Drain(CancelReason reason, java.time.Duration timeout) implements StageCommand {
    /** @throws IllegalArgumentException when {@code timeout} is not positive */
    public Drain {
      java.util.Objects.requireNonNull(reason, "reason");
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be > 0, got: " + timeout);
      }
    }
  }

  /** A drain asked for with {@code StageContext.stopWhenDrained} ran out of time. */
  record DrainTimeout(java.time.Duration timeout) implements StageCommand {}

  /** Tell {@code replyTo} how this stage ends, once it does. */
  record WatchCompletion(ActorRef<StageEnded> replyTo) implements StageCommand, akka.actor.DeadLetterSuppression {}

  /** The answer to {@link WatchCompletion}: the reason the stage's incarnation ended with. */
  record StageEnded(CancelReason reason) implements WireMessage {}

  /**
   * Cancel this consumer's subscription {@code tag} to a producer on another node: the consumer
   * sends the cancel, and re-sends it until the producer answers.
   */
  record CancelUpstream(SubscriptionTag tag, CancelReason reason) implements StageCommand {}

  /** A watched peer terminated. */
  record PeerDown(ActorRef<?> peer) implements StageCommand {}
}
