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
   * Acknowledges the next {@code count} events that {@code handleEvents} was given on a
   * subscription made {@linkplain SubscribeOptions#withExplicitAcknowledgement() with explicit
   * acknowledgement}, oldest first: the producer forgets them, and will not send them again. With
   * automatic demand the consumer asks for as many more events. A subscription that has ended
   * ignores it.
   *
   * @throws IllegalArgumentException when {@code count < 1}, or more than the events handed to
   *     {@code handleEvents} on it and not yet acknowledged
   * @throws IllegalStateException when the subscription's acknowledgement is not explicit
   */
  void acknowledge(Subscription subscription, long count);

  /**
   * Cancels a subscription with {@code reason}. The producer answers with a cancel, after which the
   * consumer's cancel mode applies (a {@link CancelMode#PERMANENT} consumer stops).
   */
  void cancel(Subscription subscription, CancelReason reason);

  /** Answers a call once the events this callback returns have been dispatched. */
  void reply(CallFrom from, Object value);

  /**
   * Stops the stage once this callback returns. Its peers are cancelled with {@code reason}; an
   * abnormal reason makes the actor fail with a {@link StageExitException}.
   *
   * <p>Only events the consumers have asked for leave before the stop: what the stage holds beyond
   * their demand (its buffer, and a producer-consumer's queued input) is discarded, and the count is
   * logged as a warning. To deliver everything first, use {@link #stopWhenDrained}.
   */
  void stop(CancelReason reason);

  /**
   * Stops the stage once everything it has emitted or buffered so far has been dispatched to its
   * consumers, and, for a producer-consumer, once the input it has queued has been handled and the
   * events that produced dispatched too; then its peers are cancelled with {@code reason}, as by
   * {@link #stop}. Events still leave only against demand.
   *
   * <p>While it drains the stage takes no new work: a producer's {@code handleDemand} is not called
   * again, and a producer-consumer asks its producers for nothing more. If the consumers have not
   * asked for everything within {@code timeout}, the stage stops anyway, logging a warning and the
   * count of what it discarded. A consumer has nothing to drain: it stops once this callback returns.
   * A second request while draining keeps the first one's reason and timeout; {@link #stop} still
   * stops at once.
   *
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  void stopWhenDrained(CancelReason reason, Duration timeout);

  /**
   * Sends {@code info} to this stage's {@code handleInfo}; on a producer it arrives after the events
   * already in its buffer have been dispatched (GenStage's {@code async_info}).
   */
  void info(Object info);

  /**
   * Delivers {@code info} to {@code handleInfo} after {@code delay}, replacing a timer with the same key.
   *
   * @throws IllegalArgumentException when {@code delay} is negative
   */
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
