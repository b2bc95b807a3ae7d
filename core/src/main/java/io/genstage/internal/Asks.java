package io.genstage.internal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.actor.typed.Props;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.pattern.StatusReply;
import io.genstage.CancelReason;
import io.genstage.StageExitException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * INTERNAL API. The requests behind {@code GenStage}'s helpers that expect an answer: Akka's
 * {@code AskPattern} on the system's scheduler (so {@code ManualTime} drives the timeout), with
 * the target watched for the duration of the ask by one guard actor per system, so that a request
 * to a stage that is not running, or that stops before answering, fails at once instead of at
 * its timeout. Every answer is a {@link StatusReply}: the guard can fail any of them.
 */
@InternalApi
public final class Asks implements Extension {
  private static final ExtensionId<Asks> ID = new ExtensionId<>() {
    @Override
    public Asks createExtension(ActorSystem<?> system) {
      return new Asks(system);
    }
  };

  private final ActorSystem<?> system;
  private final ActorRef<GuardCommand> guard;

  private Asks(ActorSystem<?> system) {
    this.system = system;
    this.guard = system.systemActorOf(guard(), "genstage-asks", Props.empty());
  }

  /**
   * Asks {@code target} with the message {@code request} builds around the reply-to ref.
   * {@code operation} names the request in errors, e.g. {@code "GenStage.call"}.
   *
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  public static <R> CompletionStage<R> ask(ActorSystem<?> system, ActorRef<?> target, String operation,
      Duration timeout, Function<ActorRef<StatusReply<R>>, Object> request) {
    java.util.Objects.requireNonNull(system, "system");
    java.util.Objects.requireNonNull(target, "stage");
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, got: " + timeout);
    }
    return ID.apply(system).send(target, operation, timeout, request);
  }

  private <R> CompletionStage<R> send(ActorRef<?> target, String operation, Duration timeout,
      Function<ActorRef<StatusReply<R>>, Object> request) {
    Object[] replyTo = new Object[1];
    CompletionStage<R> answer = AskPattern.askWithStatus(Refs.<Object>narrow(target), ref -> {
      // Akka already knows a local target is gone: it fails the ask at once and replies nowhere.
      if (!ref.equals(system.deadLetters())) {
        replyTo[0] = ref;
        guard.tell(new Watch(target, Refs.narrow(ref), operation)); // before the request leaves
      }
      return request.apply(ref);
    }, timeout, system.scheduler());
    CompletableFuture<R> result = new CompletableFuture<>();
    answer.whenComplete((value, error) -> {
      if (replyTo[0] == null) {
        result.completeExceptionally(notRunning(target, operation));
        return;
      }
      guard.tell(new Forget(target, (ActorRef<?>) replyTo[0]));
      if (error == null) {
        result.complete(value);
      } else {
        result.completeExceptionally(explained(error, target, operation, timeout));
      }
    });
    return result;
  }

  private static StageExitException notRunning(ActorRef<?> target, String operation) {
    return new StageExitException(target.path().toString(), CancelReason.TERMINATED,
        operation + " found it not running, or it stopped before answering");
  }

  private static Throwable explained(Throwable error, ActorRef<?> target, String operation, Duration timeout) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof TimeoutException) {
      TimeoutException named = new TimeoutException(operation + " to stage [" + target.path()
          + "] got no answer within [" + timeout.toMillis() + " ms]");
      named.initCause(cause);
      return named;
    }
    return cause;
  }

  // ---------------------------------------------------------------- the guard

  private sealed interface GuardCommand {}

  private record Watch(ActorRef<?> target, ActorRef<StatusReply<Object>> replyTo, String operation)
      implements GuardCommand {}

  private record Forget(ActorRef<?> target, ActorRef<?> replyTo) implements GuardCommand {}

  /** Watches the targets of pending asks; fails the asks of a target that terminates. */
  private static Behavior<GuardCommand> guard() {
    return Behaviors.setup(ctx -> {
      Map<ActorRef<?>, Map<ActorRef<?>, Watch>> pending = new HashMap<>();
      return Behaviors.receive(GuardCommand.class)
          .onMessage(Watch.class, w -> {
            pending.computeIfAbsent(w.target(), target -> {
              ctx.watch(target);
              return new HashMap<>();
            }).put(w.replyTo(), w);
            return Behaviors.same();
          })
          .onMessage(Forget.class, f -> {
            Map<ActorRef<?>, Watch> asks = pending.get(f.target());
            if (asks != null && asks.remove(f.replyTo()) != null && asks.isEmpty()) {
              pending.remove(f.target());
              ctx.unwatch(f.target());
            }
            return Behaviors.same();
          })
          .onSignal(Terminated.class, t -> {
            Map<ActorRef<?>, Watch> asks = pending.remove(t.getRef());
            if (asks != null) {
              for (Watch w : asks.values()) {
                w.replyTo().tell(StatusReply.error(notRunning(t.getRef(), w.operation())));
              }
            }
            return Behaviors.same();
          })
          .build();
    });
  }
}
