package io.genstage.internal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.CancelReason;
import io.genstage.StageExitException;
import io.genstage.internal.StageCommand.StageEnded;
import io.genstage.internal.StageCommand.WatchCompletion;
import java.util.concurrent.CompletableFuture;

/**
 * INTERNAL API. A short-lived actor behind {@code GenStage.completion}: it asks a stage to tell it
 * how it ends and watches it, so that a stage that dies without a word (or was not running) is
 * reported too. The future stays here, never in a message.
 */
@InternalApi
public final class CompletionWatcher {
  private CompletionWatcher() {}

  /**
   * Starts a watcher of {@code stage} in {@code system} and registers it with the stage from the
   * calling thread, so that whatever the caller tells the stage afterwards arrives after it.
   */
  public static void start(ActorSystem<?> system, String name, ActorRef<?> stage, CompletableFuture<CancelReason> result) {
    CancelReason known = StageEnds.of(stage);
    if (known != null) {
      complete(result, stage.path().toString(), known); // it has ended: nothing to watch
      return;
    }
    ActorRef<Object> watcher = system.systemActorOf(create(stage, result), name, Props.empty());
    Refs.<Object>narrow(stage).tell(new WatchCompletion(Refs.narrow(watcher)));
  }

  private static Behavior<Object> create(ActorRef<?> stage, CompletableFuture<CancelReason> result) {
    String stageName = stage.path().toString();
    return Behaviors.setup(ctx -> {
      // A stage that is already gone still yields Terminated.
      ctx.watch(stage);
      return Behaviors.receive(Object.class)
          .onMessage(StageEnded.class, ended -> {
            complete(result, stageName, ended.reason());
            return Behaviors.stopped();
          })
          .onSignal(Terminated.class, t -> {
            // Ended before this watcher's request reached it, or without saying how.
            CancelReason known = StageEnds.of(stage);
            if (known != null) {
              complete(result, stageName, known);
            } else {
              result.completeExceptionally(new StageExitException(stageName, CancelReason.TERMINATED,
                  "it stopped without saying how: killed, or not a running stage"));
            }
            return Behaviors.stopped();
          })
          .build();
    });
  }

  private static void complete(CompletableFuture<CancelReason> result, String stageName, CancelReason reason) {
    if (reason.isNormal()) {
      result.complete(reason);
    } else {
      result.completeExceptionally(new StageExitException(stageName, reason));
    }
  }
}
