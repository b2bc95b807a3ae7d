package io.genstage;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import io.genstage.internal.Asks;
import io.genstage.internal.CompletionWatcher;
import io.genstage.internal.Settings;
import io.genstage.internal.StageCommand;
import io.genstage.observe.StageStats;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.StatsRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Operations on running stages, callable from anywhere (an actor, a test, a plain thread): the Java
 * counterparts of GenStage's module functions. The operations that expect an answer are Akka asks
 * on the given actor system's scheduler: their {@link CompletionStage} fails with a
 * {@link java.util.concurrent.TimeoutException} naming the stage, the operation and the wait when
 * the stage does not answer within the timeout (given, or {@code genstage.ask-timeout}: 5 s unless set), and with a
 * {@link StageExitException} of reason {@link CancelReason#TERMINATED} as soon as the stage is
 * found not running or stops before answering. Inside an actor, pass {@code context.getSystem()}.
 */
public final class GenStage {
  private GenStage() {}

  /**
   * Subscribes {@code consumer} to {@code producer} with the default options, whose demand bounds
   * the actor system's configuration gives ({@code genstage.subscribe}); see
   * {@link #subscribe(ActorSystem, ConsumerRef, ProducerRef, SubscribeOptions, Duration)}.
   *
   * @param <T> the events the consumer receives
   * @param system the actor system whose scheduler times the wait
   * @param consumer the consumer or producer-consumer that subscribes
   * @param producer the producer or producer-consumer to subscribe to
   * @return the new subscription, once the consumer has sent it
   */
  public static <T> CompletionStage<Subscription> subscribe(
      ActorSystem<?> system, ConsumerRef<T, ?> consumer, ProducerRef<? extends T, ?> producer) {
    Objects.requireNonNull(producer, "producer");
    return Asks.ask(system, actor(consumer), "GenStage.subscribe", askTimeout(system),
        replyTo -> new StageCommand.SubscribeRequest(producer.actor(), null, null, null, replyTo));
  }

  /**
   * See {@link #subscribe(ActorSystem, ConsumerRef, ProducerRef, SubscribeOptions, Duration)}.
   *
   * @param <T> the events the consumer receives
   * @param <O> the events the producer emits: {@code T} or a subtype
   * @param system the actor system whose scheduler times the wait
   * @param consumer the consumer or producer-consumer that subscribes
   * @param producer the producer or producer-consumer to subscribe to
   * @param options the subscription's options; their selector, if any, takes the producer's events
   * @return the new subscription, once the consumer has sent it
   */
  public static <T, O extends T> CompletionStage<Subscription> subscribe(ActorSystem<?> system,
      ConsumerRef<T, ?> consumer, ProducerRef<O, ?> producer, SubscribeOptions<? super O> options) {
    return subscribe(system, consumer, producer, options, askTimeout(system));
  }

  /**
   * Subscribes {@code consumer} to {@code producer}. Completes once the consumer sent the
   * subscription, its {@code handleSubscribe} ran and, for automatic demand, its first ask left;
   * it does not wait for the producer, which answers a refusal with a cancel.
   *
   * <p>The consumer takes {@code T}, the producer emits {@code O} (a {@code T} or a subtype), and the
   * options' selector, if any, sees the producer's events: it takes {@code O} or a supertype.
   *
   * @param <T> the events the consumer receives
   * @param <O> the events the producer emits: {@code T} or a subtype
   * @param system the actor system whose scheduler times the wait
   * @param consumer the consumer or producer-consumer that subscribes
   * @param producer the producer or producer-consumer to subscribe to
   * @param options the subscription's options; their selector, if any, takes the producer's events
   * @param timeout how long to wait for the consumer's answer
   * @return the new subscription, once the consumer has sent it
   */
  public static <T, O extends T> CompletionStage<Subscription> subscribe(ActorSystem<?> system,
      ConsumerRef<T, ?> consumer, ProducerRef<O, ?> producer, SubscribeOptions<? super O> options, Duration timeout) {
    Objects.requireNonNull(producer, "producer");
    Objects.requireNonNull(options, "options");
    return Asks.ask(system, actor(consumer), "GenStage.subscribe", timeout,
        replyTo -> new StageCommand.SubscribeRequest(producer.actor(), options, null, null, replyTo));
  }

  /**
   * Subscribes {@code consumer} to {@code producer} without waiting; problems are only logged.
   *
   * @param <T> the events the consumer receives
   * @param <O> the events the producer emits: {@code T} or a subtype
   * @param consumer the consumer or producer-consumer that subscribes
   * @param producer the producer or producer-consumer to subscribe to
   * @param options the subscription's options; their selector, if any, takes the producer's events
   */
  public static <T, O extends T> void asyncSubscribe(
      ConsumerRef<T, ?> consumer, ProducerRef<O, ?> producer, SubscribeOptions<? super O> options) {
    Objects.requireNonNull(producer, "producer");
    Objects.requireNonNull(options, "options");
    tell(consumer, new StageCommand.SubscribeRequest(producer.actor(), options, null, null, null));
  }

  /**
   * Subscribes each of {@code consumers} to its own partition of {@code producer}: consumer
   * {@code i} to partition {@code i}, as a {@code PartitionDispatcher} made for
   * {@code consumers.size()} partitions names them. Like {@link #subscribe}, these subscriptions
   * are not made again when a consumer restarts; put a {@link SubscribeTo} with the partition in
   * each stage's spec for that.
   *
   * @param <T> the events the consumers receive
   * @param <O> the events the producer emits: {@code T} or a subtype
   * @param system the actor system whose scheduler times the wait
   * @param consumers the consumers or producer-consumers, partition by partition (from
   *     {@link StageSpec#spawnReplicas}, say)
   * @param producer the producer, with a partition dispatcher
   * @param options the options of every subscription; the partition is set for each
   * @return the subscriptions, by partition, once every consumer has sent its own
   */
  public static <T, O extends T> CompletionStage<List<Subscription>> subscribePartitions(ActorSystem<?> system,
      List<? extends ConsumerRef<T, ?>> consumers, ProducerRef<O, ?> producer, SubscribeOptions<? super O> options) {
    List<CompletableFuture<Subscription>> subscribed = new ArrayList<>(consumers.size());
    for (int i = 0; i < consumers.size(); i++) {
      subscribed.add(subscribe(system, consumers.get(i), producer, options.withPartition(i)).toCompletableFuture());
    }
    return CompletableFuture.allOf(subscribed.toArray(new CompletableFuture<?>[0]))
        .thenApply(all -> subscribed.stream().map(CompletableFuture::join).toList());
  }

  /**
   * Subscribes {@code consumer} to {@code producer}, asking the producer to cancel {@code old} with
   * {@code reason} first (when {@code old} is one of its subscriptions). The old subscription's
   * cancel mode applies to that cancel: use {@link CancelMode#TEMPORARY} for subscriptions you mean
   * to replace.
   *
   * @param <T> the events the consumer receives
   * @param <O> the events the producer emits: {@code T} or a subtype
   * @param system the actor system whose scheduler times the wait
   * @param consumer the consumer or producer-consumer that subscribes
   * @param old the subscription to replace
   * @param reason the reason {@code old} is cancelled with
   * @param producer the producer or producer-consumer to subscribe to
   * @param options the subscription's options; their selector, if any, takes the producer's events
   * @return the new subscription, once the consumer has sent it
   */
  public static <T, O extends T> CompletionStage<Subscription> resubscribe(ActorSystem<?> system,
      ConsumerRef<T, ?> consumer, Subscription old, CancelReason reason,
      ProducerRef<O, ?> producer, SubscribeOptions<? super O> options) {
    Objects.requireNonNull(old, "old");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(producer, "producer");
    Objects.requireNonNull(options, "options");
    return Asks.ask(system, actor(consumer), "GenStage.resubscribe", askTimeout(system),
        replyTo -> new StageCommand.SubscribeRequest(producer.actor(), options, old.tag(), reason, replyTo));
  }

  /**
   * {@link #resubscribe} without waiting.
   *
   * @param <T> the events the consumer receives
   * @param <O> the events the producer emits: {@code T} or a subtype
   * @param consumer the consumer or producer-consumer that subscribes
   * @param old the subscription to replace
   * @param reason the reason {@code old} is cancelled with
   * @param producer the producer or producer-consumer to subscribe to
   * @param options the subscription's options; their selector, if any, takes the producer's events
   */
  public static <T, O extends T> void asyncResubscribe(
      ConsumerRef<T, ?> consumer, Subscription old, CancelReason reason,
      ProducerRef<O, ?> producer, SubscribeOptions<? super O> options) {
    Objects.requireNonNull(old, "old");
    Objects.requireNonNull(reason, "reason");
    tell(consumer, new StageCommand.SubscribeRequest(producer.actor(), options, old.tag(), reason, null));
  }

  /**
   * Cancels {@code subscription} with {@code reason}. The producer answers the consumer with a
   * cancel, whose cancel mode then applies: a {@link CancelMode#PERMANENT} consumer stops. When the
   * producer is on another node the request goes to the consumer, which must be one of this
   * library's stages: it sends the cancel and repeats it until the producer answers, since a
   * message across nodes can be lost.
   *
   * @param subscription the subscription to end, as either side's callbacks saw it
   * @param reason the reason both sides are told
   */
  public static void cancel(Subscription subscription, CancelReason reason) {
    Objects.requireNonNull(reason, "reason");
    if (subscription.producer().path().address().hasGlobalScope()) {
      // Across nodes the cancel could be lost: the consumer sends it and repeats it until answered.
      ActorRef<Object> consumer = cast(subscription.consumer());
      consumer.tell(new StageCommand.CancelUpstream(subscription.tag(), reason));
      return;
    }
    ActorRef<ProducerMessage<Object>> producer = cast(subscription.producer());
    producer.tell(new ProducerMessage.Cancel<>(cast(subscription.consumer()), subscription.tag(), reason));
  }

  /**
   * Calls {@code stage} with {@code request}; see {@link #call(ActorSystem, StageRef, Object, Duration)}.
   *
   * @param <R> the type the caller expects the reply to have
   * @param <C> the stage's command type
   * @param system the actor system whose scheduler times the wait
   * @param stage the stage to call
   * @param request what its {@code handleCall} receives
   * @return the reply
   */
  public static <R, C> CompletionStage<R> call(ActorSystem<?> system, StageRef<C> stage, C request) {
    return call(system, stage, request, askTimeout(system));
  }

  /**
   * Calls {@code stage}: its {@code handleCall} receives {@code request} and answers through
   * {@link StageContext#reply}. The reply's type is the caller's to name; a wrong one fails with a
   * {@link ClassCastException} where the value is used.
   *
   * @param <R> the type the caller expects the reply to have
   * @param <C> the stage's command type
   * @param system the actor system whose scheduler times the wait
   * @param stage the stage to call
   * @param request what its {@code handleCall} receives
   * @param timeout how long to wait for the reply
   * @return the reply; fails with the exception {@code handleCall} threw or the stage replied
   *     with ({@link #replyError})
   */
  @SuppressWarnings("unchecked")
  public static <R, C> CompletionStage<R> call(ActorSystem<?> system, StageRef<C> stage, C request, Duration timeout) {
    CompletionStage<Object> reply = Asks.ask(system, actor(stage), "GenStage.call", timeout,
        replyTo -> new StageCommand.Call(request, new CallFrom(replyTo)));
    return (CompletionStage<R>) (CompletionStage<?>) reply;
  }

  /**
   * Tells {@code command} to {@code stage}: its {@code handleCast} receives it.
   *
   * @param <C> the stage's command type
   * @param stage the stage to tell
   * @param command the command
   */
  public static <C> void cast(StageRef<C> stage, C command) {
    stage.actor().tell(command);
  }

  /**
   * Answers a call now, from any thread. Later answers to the same call are ignored.
   *
   * @param from the caller, as {@code handleCall} received it
   * @param value the reply
   */
  public static void reply(CallFrom from, Object value) {
    from.complete(value);
  }

  /**
   * Answers a call with an error now, from any thread: the caller's {@code CompletionStage} fails
   * with {@code error}. Later answers to the same call are ignored.
   *
   * @param from the caller, as {@code handleCall} received it
   * @param error what the caller's {@code CompletionStage} fails with
   */
  public static void replyError(CallFrom from, Throwable error) {
    Objects.requireNonNull(error, "error");
    from.fail(error);
  }

  /**
   * Delivers {@code info} to the stage's {@code handleInfo}: on a producer, after the events in its
   * buffer have been dispatched. Completes once the info is queued.
   *
   * @param system the actor system whose scheduler times the wait
   * @param stage the stage to inform
   * @param info what its {@code handleInfo} receives
   * @return {@code Done} once the info is queued
   */
  public static CompletionStage<Done> syncInfo(ActorSystem<?> system, StageRef<?> stage, Object info) {
    return Asks.ask(system, actor(stage), "GenStage.syncInfo", askTimeout(system),
        queued -> new StageCommand.InfoRequest(info, queued));
  }

  /**
   * {@link #syncInfo} without waiting.
   *
   * @param stage the stage to inform
   * @param info what its {@code handleInfo} receives
   */
  public static void asyncInfo(StageRef<?> stage, Object info) {
    tell(stage, new StageCommand.InfoRequest(info, null));
  }

  /**
   * The producer's demand mode ({@link DemandMode#FORWARD} for a producer-consumer).
   *
   * @param system the actor system whose scheduler times the wait
   * @param producer the producer to ask
   * @return its current demand mode
   */
  public static CompletionStage<DemandMode> demandMode(ActorSystem<?> system, ProducerRef<?, ?> producer) {
    return Asks.ask(system, actor(producer), "GenStage.demandMode", askTimeout(system), StageCommand.GetDemandMode::new);
  }

  /**
   * Switches the producer's demand mode. Switching to {@link DemandMode#FORWARD} replays what was
   * accumulated, oldest first. A producer-consumer always forwards: asking it to accumulate is
   * logged as an error and ignored.
   *
   * @param producer the producer to switch
   * @param mode the new demand mode
   */
  public static void setDemandMode(ProducerRef<?, ?> producer, DemandMode mode) {
    Objects.requireNonNull(mode, "mode");
    tell(producer, new StageCommand.SetDemandMode(mode));
  }

  /**
   * How many events the producer holds in its buffer.
   *
   * @param system the actor system whose scheduler times the wait
   * @param producer the producer to ask
   * @return the number of buffered events when the producer answered
   */
  public static CompletionStage<Integer> estimateBufferedCount(ActorSystem<?> system, ProducerRef<?, ?> producer) {
    return Asks.ask(system, actor(producer), "GenStage.estimateBufferedCount", askTimeout(system),
        StageCommand.GetBufferedCount::new);
  }

  /**
   * Asks {@code stage} for a snapshot of itself: its subscriptions in both directions with their
   * demand and event counts, its buffer, its totals (docs/observability.md). The counters are kept
   * per batch, so asking costs the stage one message.
   *
   * @param system the actor system to ask from
   * @param stage a producer, producer-consumer or consumer
   * @return the snapshot, once the stage answered; it fails with a {@code TimeoutException} after
   *     {@code genstage.ask-timeout}
   */
  public static CompletionStage<StageStats> stats(ActorSystem<?> system, StageRef<?> stage) {
    return Asks.ask(system, actor(stage), "GenStage.stats", askTimeout(system), StatsRequest::new);
  }

  /**
   * Stops {@code stage} with {@code reason}: its peers are cancelled with it, and an abnormal reason
   * makes the actor fail with a {@link StageExitException}. Returns the stage's
   * {@linkplain #completion completion}, asked before the stop is sent: a stop to a stage that is
   * already stopping (draining, or waiting for its children), or has stopped, is answered with the
   * reason it ends or ended with.
   *
   * @param system the actor system the stage runs in, for its completion
   * @param stage the stage to stop
   * @param reason the reason its peers are told
   * @return the stage's completion, as {@link #completion} gives it
   */
  public static CompletionStage<CancelReason> stop(ActorSystem<?> system, StageRef<?> stage, CancelReason reason) {
    Objects.requireNonNull(reason, "reason");
    CompletionStage<CancelReason> end = completion(system, stage);
    tell(stage, new StageCommand.Stop(reason));
    return end;
  }

  /**
   * Stops {@code stage} once it has dispatched everything it holds, as
   * {@link StageContext#stopWhenDrained} does from inside: it takes no new work meanwhile, and stops
   * anyway after {@code timeout}, logging what it discarded. Returns its completion, as
   * {@link #stop} does; while it drains, a second drain is answered with the first one's end.
   *
   * @param system the actor system the stage runs in, for its completion
   * @param stage the stage to drain and stop
   * @param reason the reason its peers are told
   * @param timeout how long the drain may take before the stage stops anyway
   * @return the stage's completion, as {@link #completion} gives it
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  public static CompletionStage<CancelReason> stopWhenDrained(
      ActorSystem<?> system, StageRef<?> stage, CancelReason reason, Duration timeout) {
    StageCommand.Drain drain = new StageCommand.Drain(reason, timeout);
    CompletionStage<CancelReason> end = completion(system, stage);
    tell(stage, drain);
    return end;
  }

  /**
   * Drains a pipeline when {@code system} shuts down: a task of Akka's {@code CoordinatedShutdown},
   * in its phase {@code service-requests-done}, asks each of {@code sources} to
   * {@linkplain #stopWhenDrained drain} and stop with {@link CancelReason#NORMAL}, then waits until
   * each of {@code lastStages} has stopped, at most {@code timeout}; the phases that stop actors run
   * after it. Events already emitted reach the last stages, provided each stage below a source ends
   * when its producers end ({@link CancelMode#PERMANENT}, the default, or {@link CancelMode#LAST}).
   * What could not be drained in time is logged with counts by the stages that discard it. The
   * phase's own timeout ({@code akka.coordinated-shutdown.phases.service-requests-done.timeout}, 5 s
   * by default) bounds the wait too: raise it for a longer drain.
   *
   * @param system the actor system whose shutdown drains the pipeline
   * @param sources the stages told to drain and stop, usually the pipeline's producers
   * @param lastStages the stages waited for, usually the pipeline's last consumers
   * @param timeout the longest wait for {@code lastStages} to stop
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  public static void drainOnShutdown(ActorSystem<?> system, List<? extends StageRef<?>> sources,
      List<? extends StageRef<?>> lastStages, Duration timeout) {
    drainOn(system, sources, lastStages, timeout);
  }

  /**
   * {@link #drainOnShutdown(ActorSystem, List, List, Duration)} with the wait the actor system's
   * configuration gives: {@code genstage.shutdown.drain-timeout}, 5 s unless set.
   *
   * @param system the actor system whose shutdown drains the pipeline
   * @param sources the stages told to drain and stop, usually the pipeline's producers
   * @param lastStages the stages waited for, usually the pipeline's last consumers
   */
  public static void drainOnShutdown(ActorSystem<?> system, List<? extends StageRef<?>> sources,
      List<? extends StageRef<?>> lastStages) {
    Objects.requireNonNull(system, "system");
    drainOn(system, sources, lastStages, Settings.get(system).drainTimeout);
  }

  private static void drainOn(ActorSystem<?> system, List<? extends StageRef<?>> sources,
      List<? extends StageRef<?>> lastStages, Duration timeout) {
    Objects.requireNonNull(system, "system");
    List<StageRef<?>> from = List.copyOf(sources);
    List<StageRef<?>> to = List.copyOf(lastStages);
    StageCommand.Drain drain = new StageCommand.Drain(CancelReason.NORMAL, timeout);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(),
        "genstage-drain-" + DRAINS.incrementAndGet(), () -> {
          CompletableFuture<?>[] ends = to.stream()
              .map(stage -> completion(system, stage).toCompletableFuture())
              .toArray(CompletableFuture<?>[]::new);
          from.forEach(source -> tell(source, drain));
          CompletableFuture<Void> all = CompletableFuture.allOf(ends);
          // On Akka's scheduler, not the JDK's delay thread, which would outlive the application.
          system.scheduler().scheduleOnce(timeout,
              () -> all.completeExceptionally(new TimeoutException("stages still running")), system.executionContext());
          return all.handle((done, error) -> {
            if (error != null) {
              system.log().warn("The pipeline drained on shutdown did not end cleanly within [{} ms]: {}",
                  timeout.toMillis(), error.toString());
            }
            return Done.getInstance();
          });
        });
  }

  private static final AtomicLong DRAINS = new AtomicLong();

  /**
   * Completes when {@code stage} has stopped: normally, with its reason ({@link CancelReason#NORMAL}
   * or {@link CancelReason#SHUTDOWN}, when its parent or the actor system stopped it); exceptionally,
   * with a {@link StageExitException} that names the stage and carries its abnormal reason, whose
   * cause is the original exception when the stage failed. It may be asked at any time: a stage
   * that had already stopped when asked reports how it ended, since its end is remembered in this JVM
   * for as long as its reference is held. A stage that ends without saying how (it was killed, the
   * reference was never a running stage, or it had stopped on another node) fails it with
   * {@link CancelReason#TERMINATED}. A stage restarted by its supervision ends an incarnation: the
   * completion fails with the failure that caused the restart.
   *
   * @param system the actor system the stage runs in; a small watching actor is started in it
   * @param stage the stage to wait for
   * @return completes with the stage's normal reason once it has stopped; fails with a
   *     {@link StageExitException} when it ended any other way
   */
  public static CompletionStage<CancelReason> completion(ActorSystem<?> system, StageRef<?> stage) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(stage, "stage");
    CompletableFuture<CancelReason> result = new CompletableFuture<>();
    CompletionWatcher.start(system, "stage-completion-" + COMPLETIONS.incrementAndGet(), stage.actor(), result);
    return result;
  }

  private static final AtomicLong COMPLETIONS = new AtomicLong();

  /** The timeout of an ask given none: {@code genstage.ask-timeout}, 5 seconds unless set. */
  private static Duration askTimeout(ActorSystem<?> system) {
    return Settings.get(system).askTimeout;
  }

  private static void tell(StageRef<?> stage, Object message) {
    Objects.requireNonNull(stage, "stage");
    ActorRef<Object> actor = cast(stage.actor());
    actor.tell(message);
  }

  @SuppressWarnings("unchecked")
  private static <T> ActorRef<T> cast(ActorRef<?> ref) {
    return (ActorRef<T>) ref;
  }

  private static ActorRef<?> actor(StageRef<?> stage) {
    return Objects.requireNonNull(stage, "stage").actor();
  }
}
