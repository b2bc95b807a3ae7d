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

  /**
   * The stage's logger.
   *
   * @return the logger of the stage's actor
   */
  Logger log();

  /**
   * The stage's own actor: commands told to it arrive at {@code handleCast}.
   *
   * @return the stage's actor
   */
  ActorRef<C> self();

  /**
   * The actor system the stage runs in.
   *
   * @return the stage's actor system
   */
  ActorSystem<Void> system();

  /**
   * Asks the producer of a {@link AskMode#MANUAL} subscription for {@code demand} more events.
   *
   * @param subscription a subscription of this stage to a producer, made in manual mode
   * @param demand how many more events to ask for; at least 1
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
   * @param subscription a subscription of this stage to a producer, with explicit acknowledgement
   * @param count how many events to acknowledge; at least 1
   * @throws IllegalArgumentException when {@code count < 1}, or more than the events handed to
   *     {@code handleEvents} on it and not yet acknowledged
   * @throws IllegalStateException when the subscription's acknowledgement is not explicit
   */
  void acknowledge(Subscription subscription, long count);

  /**
   * Cancels a subscription with {@code reason}. The producer answers with a cancel, after which the
   * consumer's cancel mode applies (a {@link CancelMode#PERMANENT} consumer stops).
   *
   * @param subscription a subscription of this stage, to a producer or from a consumer
   * @param reason the reason both sides are told
   */
  void cancel(Subscription subscription, CancelReason reason);

  /**
   * Answers a call once the events this callback returns have been dispatched.
   *
   * @param from the caller, as {@code handleCall} received it
   * @param value the reply
   */
  void reply(CallFrom from, Object value);

  /**
   * Stops the stage once this callback returns. Its peers are cancelled with {@code reason}; an
   * abnormal reason makes the actor fail with a {@link StageExitException}.
   *
   * <p>Only events the consumers have asked for leave before the stop: what the stage holds beyond
   * their demand (its buffer, and a producer-consumer's queued input) is discarded, and the count is
   * logged as a warning. To deliver everything first, use {@link #stopWhenDrained}.
   *
   * @param reason the reason the stage stops with, told to its peers
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
   * @param reason the reason the stage stops with, told to its peers
   * @param timeout how long the drain may take before the stage stops anyway
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  void stopWhenDrained(CancelReason reason, Duration timeout);

  /**
   * Sends {@code info} to this stage's {@code handleInfo}; on a producer it arrives after the events
   * already in its buffer have been dispatched (GenStage's {@code async_info}).
   *
   * @param info what {@code handleInfo} receives
   */
  void info(Object info);

  /**
   * Delivers {@code info} to {@code handleInfo} after {@code delay}, replacing a timer with the same key.
   *
   * @param key the timer's name, for {@link #cancelTimer} and for replacing it
   * @param info what {@code handleInfo} receives
   * @param delay how long to wait; zero or more
   * @throws IllegalArgumentException when {@code delay} is negative
   */
  void startSingleTimer(Object key, Object info, Duration delay);

  /**
   * Cancels the timer with {@code key}, if it is running.
   *
   * @param key the timer's name, as given to {@link #startSingleTimer}
   */
  void cancelTimer(Object key);

  /**
   * Spawns a child of this stage's actor. Children stop when the stage stops.
   *
   * @param <T> the messages the child accepts
   * @param behavior the child's behaviour
   * @param props the child's props, {@code Props.empty()} for none
   * @return the child's actor
   */
  <T> ActorRef<T> spawnAnonymous(Behavior<T> behavior, Props props);

  /**
   * Watches {@code actor}: when it stops, {@code handleInfo} receives a {@link WatchedTerminated}
   * (with the failure, for a child that failed). Watching an actor this stage is subscribed to or
   * from is not allowed: the stage watches its peers itself.
   *
   * @param actor the actor to watch; not one of this stage's peers
   * @throws IllegalArgumentException when {@code actor} is a producer or consumer of this stage
   */
  void watch(ActorRef<?> actor);

  /**
   * Stops watching {@code actor}; no {@link WatchedTerminated} follows.
   *
   * @param actor an actor watched with {@link #watch}
   */
  void unwatch(ActorRef<?> actor);

  /**
   * Stops a child of this stage's actor.
   *
   * @param child the child to stop
   * @throws IllegalArgumentException when {@code child} is not a child of this stage's actor, as
   *     Akka's {@code ActorContext.stop} requires
   */
  void stopChild(ActorRef<?> child);
}
