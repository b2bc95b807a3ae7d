package io.genstage.internal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.TimerScheduler;
import io.genstage.CancelReason;
import io.genstage.internal.StageCommand.PeerDown;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * INTERNAL API. A stage's peers, the stages at the other end of its subscriptions: each is watched
 * once however many subscriptions it shares, those on other nodes get serialized messages that
 * can be lost (and so are checked on a timer), and one that terminates without a cancel has a
 * reason found for it.
 */
@InternalApi
final class Peers {

  /** The timer message behind {@link #checkAcrossNodes}, which the stage hands to its input. */
  enum CheckAcrossNodes { INSTANCE }

  private final ActorContext<Object> ctx;
  private final TimerScheduler<Object> timers;
  private final Map<ActorRef<?>, Integer> watchCounts = new HashMap<>();
  private WireCheck wireCheck; // for consumers on other nodes, made on first use

  Peers(ActorContext<Object> ctx, TimerScheduler<Object> timers) {
    this.ctx = ctx;
    this.timers = timers;
  }

  /** Watches {@code peer} for one more subscription; its termination arrives as a {@link PeerDown}. */
  void watch(ActorRef<?> peer) {
    if (watchCounts.merge(peer, 1, Integer::sum) == 1) {
      ctx.watchWith(peer, new PeerDown(peer));
    }
  }

  /** Undoes one {@link #watch}; the last one unwatches. */
  void unwatch(ActorRef<?> peer) {
    Integer count = watchCounts.get(peer);
    if (count == null) {
      return;
    }
    if (count == 1) {
      watchCounts.remove(peer);
      ctx.unwatch(peer);
    } else {
      watchCounts.put(peer, count - 1);
    }
  }

  boolean contains(ActorRef<?> actor) {
    return watchCounts.containsKey(actor);
  }

  static boolean acrossNodes(ActorRef<?> peer) {
    return peer.path().address().hasGlobalScope();
  }

  /** Starts (or stops) telling the stage {@link CheckAcrossNodes} every re-ask interval. */
  void checkAcrossNodes(boolean on) {
    if (!on) {
      timers.cancel(CheckAcrossNodes.INSTANCE);
    } else if (!timers.isTimerActive(CheckAcrossNodes.INSTANCE)) {
      Duration every = Settings.get(ctx.getSystem()).reaskInterval;
      timers.startTimerWithFixedDelay(CheckAcrossNodes.INSTANCE, CheckAcrossNodes.INSTANCE, every);
    }
  }

  /** Why some of {@code events} cannot be written for {@code peer}, or null. */
  String unsendable(ActorRef<?> peer, List<Object> events) {
    if (!acrossNodes(peer)) {
      return null;
    }
    if (wireCheck == null) {
      wireCheck = new WireCheck(ctx.getSystem());
    }
    return wireCheck.problem(events);
  }

  /** {@code peer} terminated without a cancel: it is forgotten; returns why its subscriptions end. */
  CancelReason down(ActorRef<?> peer) {
    watchCounts.remove(peer);
    // A peer on another node may have been lost with its node rather than have stopped.
    return acrossNodes(peer) ? PeerLoss.get(ctx.getSystem()).reasonFor(peer) : CancelReason.TERMINATED;
  }
}
