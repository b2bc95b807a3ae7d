package io.genstage.internal;

import akka.actor.typed.ActorRef;
import io.genstage.AskMode;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.Delivery;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.internal.StageCommand.SubscribeRequest;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.SubscriptionTag;

/**
 * INTERNAL API. One subscription of a {@link ConsumerHalf} to a producer: its bounds and cancel
 * mode, the demand still owed and, when its events are numbered (across nodes, or at least once),
 * how far they have arrived and been counted.
 */
@InternalApi
final class ProducerSub {
  final ActorRef<ProducerMessage<Object>> producer;
  final SubscriptionTag tag;
  final Subscription subscription;
  final SubscribeRequest request;
  final int min;
  final int max;
  final CancelMode cancelMode;
  AskMode askMode = AskMode.AUTOMATIC;
  long demand;
  boolean gone;

  // Across nodes, where messages can be lost, and for at-least-once delivery, events are numbered
  // (see NumberedEvents, AskUpTo).
  final boolean numbered;
  final boolean acrossNodes;
  final boolean atLeastOnce;
  /** The handler acknowledges events itself (StageContext.acknowledge), not by returning. */
  final boolean explicitAck;
  long delivered; // events handed to handleEvents
  long acknowledged; // of those, acknowledged by the handler (explicitly)
  long nackedAt = -1; // where a gap was last reported, so that it is reported once
  long lost; // events lost on their way, at most once
  long arrived; // the number of the last event that arrived
  long accounted; // events (and lost ones) counted against demand: upTo = accounted + demand
  boolean heardFrom; // the producer has answered: the subscribe is not re-sent
  long arrivedAtLastCheck = -1;
  CancelReason cancelling; // a cancel is on its way and is re-sent until the producer answers

  // Observed, per batch (StageObserver reads them).
  long eventsIn;
  long lastInMillis; // 0 until a batch arrived
  long inAtStallCheck = -1;
  boolean waitingAtStallCheck;
  boolean stalled;

  ProducerSub(ActorRef<ProducerMessage<Object>> producer, Subscription subscription, SubscribeRequest request,
      boolean acrossNodes) {
    SubscribeOptions<?> options = request.options();
    this.producer = producer;
    this.tag = subscription.tag();
    this.subscription = subscription;
    this.request = request;
    this.acrossNodes = acrossNodes;
    this.atLeastOnce = options.delivery() != Delivery.AT_MOST_ONCE;
    this.numbered = acrossNodes || atLeastOnce;
    this.explicitAck = options.explicitAcknowledgement();
    this.min = acrossNodes ? options.minDemandAcrossNodes() : options.minDemand();
    this.max = acrossNodes ? options.maxDemandAcrossNodes() : options.maxDemand();
    this.cancelMode = options.cancel();
  }

  /** Why a stage cannot make the subscription {@code r} asks for, or null if it can. */
  static IllegalArgumentException refusal(SubscribeRequest r, StageShell shell) {
    if (r.producer().equals(shell.self())) {
      // Its own events would feed it again, out of order, without end.
      return new IllegalArgumentException("stage " + shell.name() + " cannot subscribe to itself");
    }
    if (r.options().selector() != null && shell.acrossNodes(r.producer())) {
      // A function cannot be sent to another node; say so now rather than wait for events forever.
      return new IllegalArgumentException("stage " + shell.name() + " cannot subscribe with a selector to ["
          + r.producer() + "] on another node: a function cannot cross nodes");
    }
    return null;
  }

  /** The number of the last event asked for: what an {@code AskUpTo} says. */
  long upTo() {
    return accounted + demand;
  }

  /** Up to which event number the producer may forget what it sent: an {@code AskUpTo}'s received. */
  long acknowledgedUpTo() {
    return explicitAck ? acknowledged : accounted;
  }

  /** Events asked for and not yet arrived. */
  boolean awaitingEvents() {
    return upTo() > arrived;
  }
}
