package io.genstage;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * What a handler's callbacks can do besides returning events. Only valid on the stage's own
 * thread, inside a callback.
 *
 * @param <C> the stage's command type
 */
public interface StageContext<C> {

  /** The stage's logger. */
  Logger log();

  /** The stage's own actor: commands told to it arrive at {@code handleCast}. */
  ActorRef<C> self();

  /** The actor system the stage runs in. */
  ActorSystem<Void> system();

  /**
   * Asks the producer of a {@link AskMode#MANUAL} subscription for {@code demand} more events.
   *
   * @throws IllegalArgumentException when {@code demand < 1}; nothing is sent
   */
  void ask(Subscription subscription, long demand);

  /**
   * Cancels a subscription with {@code reason}. The producer answers with a cancel, after which the
   * consumer's cancel mode applies (a {@link CancelMode#PERMANENT} consumer stops).
   */
  void cancel(Subscription subscription, CancelReason reason);

  /** Answers a call once the events this callback returns have been dispatched. */
  void reply(CallFrom from, Object value);

  /**
   * Stops the stage once this callback returns (and its events are dispatched). Its peers are
   * cancelled with {@code reason}; an abnormal reason makes the actor fail with a
   * {@link StageExitException}.
   */
  void stop(CancelReason reason);

  /**
   * Sends {@code info} to this stage's {@code handleInfo}; on a producer it arrives after the events
   * already in its buffer have been dispatched (GenStage's {@code async_info}).
   */
  void info(Object info);

  /** Delivers {@code info} to {@code handleInfo} after {@code delay}, replacing a timer with the same key. */
  void startSingleTimer(Object key, Object info, Duration delay);

  /** Cancels the timer with {@code key}, if it is running. */
  void cancelTimer(Object key);

  /** Spawns a child of this stage's actor. Children stop when the stage stops. */
  <T> ActorRef<T> spawnAnonymous(Behavior<T> behavior, Props props);

  /**
   * Watches {@code actor}: when it stops, {@code handleInfo} receives a {@link WatchedTerminated}
   * (with the failure, for a child that failed). Watching an actor this stage is subscribed to or
   * from is not allowed: the stage watches its peers itself.
   */
  void watch(ActorRef<?> actor);

  /** Stops watching {@code actor}; no {@link WatchedTerminated} follows. */
  void unwatch(ActorRef<?> actor);

  /** Stops a child of this stage's actor. */
  void stopChild(ActorRef<?> child);
}
