package io.genstage.interop;

import akka.NotUsed;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.stream.KillSwitches;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.genstage.CancelReason;
import io.genstage.DemandMode;
import io.genstage.GenStage;
import io.genstage.ProducerConsumerRef;
import io.genstage.ProducerRef;
import io.genstage.StageSpec;
import io.genstage.SubscribeOptions;
import io.genstage.dispatch.DemandDispatcher;
import io.genstage.interop.internal.ProducerSinkStage;
import io.genstage.interop.internal.SourceStage;
import io.genstage.protocol.SubscriptionTag;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A producer-consumer stage as an Akka Streams {@link Flow}: elements go in through a producer the
 * stage subscribes to (as with {@link StageSink#to}), and the stage's output comes out through a
 * subscription to it (as with {@link StageSource#from}). Demand is the stage's own on both sides.
 *
 * <p><b>Completion.</b> Upstream completion reaches the stage as a normal cancel; with its default,
 * permanent, subscription the stage then emits what it still holds and stops, which completes the
 * flow's output. The output does not complete before the stage is done (the two sides are not
 * coupled on completion), and it is subscribed before the stage's input, so that even an empty
 * upstream completes it normally.
 *
 * <p><b>Cancellation.</b> When downstream cancels, the stage is stopped with
 * {@link CancelReason#NORMAL}: what it still holds (its buffer, its queued input) is discarded, as
 * {@link GenStage#stop} does, its input subscription ends and upstream is cancelled.
 *
 * <p><b>Materializing more than once.</b> A stage's run ends with the stream's, so a flow
 * {@linkplain #through bound to one stage} can be materialized once: a second materialization fails
 * at once with an {@link IllegalStateException} (never mixing its elements with an earlier run's).
 * A flow made with {@link #of} spawns a fresh stage for each materialization, so it is reusable
 * like any Akka Streams blueprint.
 */
public final class StageFlow {
  private StageFlow() {}

  /**
   * A flow through {@code stage}, for one materialization: the stage ends with the stream (see the
   * class comment), and materializing the flow again fails that stream with an
   * {@link IllegalStateException}.
   *
   * @param <I> the flow's input: the events the stage receives
   * @param <O> the flow's output: the events the stage emits
   * @param stage the running producer-consumer; not null
   * @param in the stage's subscription to the flow's upstream; a selector takes the input {@code I}
   * @param out the flow's subscription to the stage; a selector takes the output {@code O}
   * @param system the actor system the flow's relays run in; not null
   * @return a flow that can be materialized once
   */
  public static <I, O> Flow<I, O, NotUsed> through(
      ProducerConsumerRef<I, O, ?> stage, SubscribeOptions<? super I> in, SubscribeOptions<? super O> out,
      ActorSystem<?> system) {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(system, "system");
    AtomicBoolean materialized = new AtomicBoolean();
    return Flow.<I, O, NotUsed>fromMaterializer((materializer, attributes) -> {
      if (!materialized.compareAndSet(false, true)) {
        throw new IllegalStateException("StageFlow through stage [" + stage.actor().path()
            + "] is already materialized: a flow bound to one stage runs once (the stage ends with the"
            + " stream); use StageFlow.of(spec, ...) for a flow that spawns a stage per materialization");
      }
      return run(stage, in, out, system);
    }).mapMaterializedValue(m -> NotUsed.getInstance());
  }

  /**
   * A flow through {@code stage} with the default options on both sides, for one materialization.
   *
   * @param <I> the flow's input: the events the stage receives
   * @param <O> the flow's output: the events the stage emits
   * @param stage the running producer-consumer; not null
   * @param system the actor system the flow's relays run in; not null
   * @return a flow that can be materialized once
   */
  public static <I, O> Flow<I, O, NotUsed> through(ProducerConsumerRef<I, O, ?> stage, ActorSystem<?> system) {
    return through(stage, SubscribeOptions.defaults(), SubscribeOptions.defaults(), system);
  }

  /**
   * A reusable flow: each materialization spawns a new producer-consumer from {@code spec} (a system
   * actor of {@code system}) and runs through it as {@link #through} does, so runs share nothing.
   *
   * @param <I> the flow's input: the events the stage receives
   * @param <O> the flow's output: the events the stage emits
   * @param <C> the stage's command type
   * @param spec the producer-consumer to spawn for each materialization; not null
   * @param in each stage's subscription to the flow's upstream
   * @param out the flow's subscription to each stage
   * @param system the actor system the stages are spawned in; not null
   * @return a reusable flow
   */
  public static <I, O, C> Flow<I, O, NotUsed> of(StageSpec<ProducerConsumerRef<I, O, C>, C> spec,
      SubscribeOptions<? super I> in, SubscribeOptions<? super O> out, ActorSystem<?> system) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(system, "system");
    return Flow.<I, O, NotUsed>fromMaterializer((materializer, attributes) -> {
      ActorRef<C> actor = system.systemActorOf(spec.behavior(), "stage-flow-" + SubscriptionTag.create().id(),
          Props.empty());
      return run(spec.ref(actor), in, out, system);
    }).mapMaterializedValue(m -> NotUsed.getInstance());
  }

  /** One run through {@code stage}: its own input producer, handed to its own output side. */
  private static <I, O> Flow<I, O, NotUsed> run(
      ProducerConsumerRef<I, O, ?> stage, SubscribeOptions<? super I> in, SubscribeOptions<? super O> out,
      ActorSystem<?> system) {
    CompletableFuture<ProducerRef<I, Void>> inputProducer = new CompletableFuture<>();
    Sink<I, UniqueKillSwitch> input = Flow.<I>create()
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.fromGraph(new ProducerSinkStage<I>(system, DemandDispatcher.<I>factory(), DemandMode.FORWARD, OnCancel.STOP,
            stage.actor())), Keep.both())
        .mapMaterializedValue(pair -> {
          inputProducer.complete(pair.second());
          return pair.first();
        });
    // Downstream cancelling stops the stage: left alone, it would keep its queued input (handled
    // only against demand that no longer comes) and never end.
    Runnable stopStage = () -> GenStage.stop(system, stage, CancelReason.NORMAL);
    Source<O, NotUsed> output = Source.fromGraph(new SourceStage<O>(StageSource.protocolRef(stage), out,
            SourceStage.Ending.BY_REASON,
            inputProducer.thenApply(producer -> () -> GenStage.asyncSubscribe(stage, producer, in)), stopStage))
        .mapMaterializedValue(control -> NotUsed.getInstance());
    return Flow.fromSinkAndSourceMat(input, output.watchTermination(Keep.right()), (killSwitch, outputDone) -> {
      // Once the output has ended (completed, failed or cancelled), nothing more is wanted from upstream.
      outputDone.whenComplete((done, failure) -> killSwitch.shutdown());
      return NotUsed.getInstance();
    });
  }
}
