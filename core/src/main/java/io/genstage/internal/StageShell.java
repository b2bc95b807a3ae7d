package io.genstage.internal;

import akka.actor.typed.ActorRef;
import io.genstage.CancelReason;
import java.util.List;
import org.slf4j.Logger;

/**
 * INTERNAL API. What a stage's {@link ProducerHalf} and {@link ConsumerHalf} may ask of the actor
 * that hosts them ({@link StageActor}): what to send, whom to watch, which callback effects to
 * apply, when to stop. Nothing else of the actor reaches the halves (no {@code ActorContext}), so
 * each half runs as a plain object in tests with a recording shell.
 */
@InternalApi
interface StageShell {

  /** The stage's own reference, as its peers see it. */
  ActorRef<Object> self();

  /** The stage's name, for log messages. */
  String name();

  Logger log();

  /** Sends a protocol message to a peer. */
  <T> void send(ActorRef<T> to, T message);

  /** Sends a message to the stage itself, after those already in its mailbox. */
  void tellSelf(Object message);

  /**
   * Applies the effects of the callback that just returned {@code events}: the events are dispatched
   * (or buffered) first, then the replies it made are sent.
   */
  void emit(List<Object> events);

  /** Watches a peer; a peer with several subscriptions is watched once. */
  void watchPeer(ActorRef<?> peer);

  /** Undoes one {@link #watchPeer}; the last one unwatches. */
  void unwatchPeer(ActorRef<?> peer);

  /** Stops the stage once the current message is handled. The first reason requested wins. */
  void requestStop(CancelReason reason);

  /** Stops the stage once every event it emitted or buffered so far has left its output. */
  void stopWhenOutputDrained(CancelReason reason);

  /** A stop was requested: the current message does no further work. */
  boolean stopping();

  /** The stage drains before it stops: it takes no new work (no handleDemand, no asks upstream). */
  boolean draining();

  /**
   * The peer is on another node: messages to it are serialized and can be lost, so subscriptions
   * to it number their events.
   */
  boolean acrossNodes(ActorRef<?> peer);

  /** The wall clock's milliseconds, cheaply and to a tenth of a second, for the stage's counters. */
  long nowMillis();

  /** The {@code genstage} settings of the stage's actor system. */
  Settings settings();

  /**
   * Starts (or stops) calling the input's {@link ConsumerHalf#checkAcrossNodes} every re-ask
   * interval ({@code genstage.across-nodes.reask-interval}).
   */
  void checkAcrossNodes(boolean on);

  /**
   * Why some of {@code events} cannot be written for {@code peer}, or null: always null for a peer
   * on this node, whose messages are not serialized.
   */
  String unsendable(ActorRef<?> peer, List<Object> events);
}
