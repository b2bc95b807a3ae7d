package io.genstage.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A pipeline spawned for one invocation: a fresh parent actor whose children are the pipeline's
 * actors. {@link #stop()} stops the parent, so its children, and waits until all have stopped, so
 * that nothing leaks from one invocation into the next.
 *
 * @param <T> what the build function returned (the stages' references)
 */
final class Spawned<T> {
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private enum Stop { INSTANCE }

  private final ActorRef<Object> parent;
  private final T stages;
  private final CompletableFuture<Void> stopped;

  private Spawned(ActorRef<Object> parent, T stages, CompletableFuture<Void> stopped) {
    this.parent = parent;
    this.stages = stages;
    this.stopped = stopped;
  }

  /** Spawns a parent in {@code system} that runs {@code build} in its setup; waits for it. */
  static <T> Spawned<T> spawn(ActorSystem<?> system, Function<ActorContext<Object>, T> build) {
    CompletableFuture<T> started = new CompletableFuture<>();
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    Behavior<Object> behavior = Behaviors.setup(ctx -> {
      try {
        started.complete(build.apply(ctx));
      } catch (RuntimeException | Error e) {
        started.completeExceptionally(e);
        throw e;
      }
      return Behaviors.receive(Object.class)
          .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
          // PostStop comes after every child has stopped.
          .onSignal(PostStop.class, signal -> {
            stopped.complete(null);
            return Behaviors.same();
          })
          .build();
    });
    ActorRef<Object> parent = system.systemActorOf(behavior, "bench-" + SEQUENCE.incrementAndGet(), Props.empty());
    return new Spawned<>(parent, BenchSystem.await(started), stopped);
  }

  T stages() {
    return stages;
  }

  /** Stops the pipeline and waits until every actor in it has stopped. */
  void stop() {
    parent.tell(Stop.INSTANCE);
    BenchSystem.await(stopped);
  }
}
