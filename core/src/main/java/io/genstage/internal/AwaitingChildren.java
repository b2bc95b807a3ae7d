package io.genstage.internal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * INTERNAL API. The last behaviour of a stage that stops with children: it waits up to its grace
 * period for them to stop on their own (Akka stops the rest with the stage), ignoring messages.
 */
@InternalApi
final class AwaitingChildren {
  private enum ShutdownTimeout { INSTANCE }

  private AwaitingChildren() {}

  /**
   * @param stop the stage's own stop, once the children have stopped or the grace period is over
   * @param stoppedFromOutside run if the stage is stopped from outside while it waits
   */
  static Behavior<Object> behavior(ActorContext<Object> ctx, TimerScheduler<Object> timers, Duration grace,
      Supplier<Behavior<Object>> stop, Runnable stoppedFromOutside) {
    Set<ActorRef<?>> awaiting = new HashSet<>(ctx.getChildren());
    for (ActorRef<?> child : awaiting) {
      try {
        ctx.watch(child);
      } catch (IllegalStateException alreadyWatchedWithAMessage) {
        // Its termination arrives as that message instead; the timeout still bounds the wait.
      }
    }
    if (!grace.equals(ChronoUnit.FOREVER.getDuration())) { // FOREVER: no limit
      timers.startSingleTimer(ShutdownTimeout.INSTANCE, ShutdownTimeout.INSTANCE, grace);
    }
    return Behaviors.receive(Object.class)
        .onMessage(ShutdownTimeout.class, m -> stop.get())
        .onSignal(Terminated.class, t -> {
          awaiting.remove(t.getRef());
          return awaiting.isEmpty() ? stop.get() : Behaviors.same();
        })
        .onSignal(PostStop.class, s -> {
          stoppedFromOutside.run();
          return Behaviors.same();
        })
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }
}
