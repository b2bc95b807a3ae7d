package io.genstage.interop.internal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.stream.stage.AsyncCallback;
import io.genstage.internal.InternalApi;

/**
 * INTERNAL API. The actor a {@link ProducerSinkStage} is addressed by: it holds the consumers'
 * messages until the stage has started, then hands each to the stage, and watches the consumers
 * for it (a graph stage cannot watch).
 */
@InternalApi
final class SinkRelay {
  private SinkRelay() {}

  /** The stage has started: hand it everything from now on. */
  record Start(AsyncCallback<Object> toStage) {}

  /** Watch {@code consumer}; its termination reaches the stage as {@link ConsumerDown}. */
  record Watch(ActorRef<?> consumer) {}

  record Unwatch(ActorRef<?> consumer) {}

  record ConsumerDown(ActorRef<?> consumer) {}

  enum Stop { INSTANCE }

  static Behavior<Object> behavior() {
    return Behaviors.withStash(10_000, stash -> Behaviors.receive(Object.class)
        .onMessage(Start.class, start -> stash.unstashAll(forwarding(start.toStage())))
        .onMessage(Stop.class, m -> Behaviors.stopped())
        .onAnyMessage(m -> {
          stash.stash(m);
          return Behaviors.same();
        })
        .build());
  }

  private static Behavior<Object> forwarding(AsyncCallback<Object> toStage) {
    return Behaviors.setup(ctx -> Behaviors.receive(Object.class)
        .onMessage(Watch.class, w -> {
          ctx.watchWith(w.consumer(), new ConsumerDown(w.consumer()));
          return Behaviors.same();
        })
        .onMessage(Unwatch.class, w -> {
          ctx.unwatch(w.consumer());
          return Behaviors.same();
        })
        .onMessage(Stop.class, m -> Behaviors.stopped())
        .onAnyMessage(m -> {
          toStage.invoke(m);
          return Behaviors.same();
        })
        .build());
  }
}
