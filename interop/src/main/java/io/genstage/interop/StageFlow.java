package io.genstage.interop;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.stream.KillSwitches;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.genstage.GenStage;
import io.genstage.ProducerConsumerRef;
import io.genstage.ProducerRef;
import io.genstage.SubscribeOptions;
import io.genstage.dispatch.DemandDispatcher;
import io.genstage.interop.internal.ProducerSinkStage;
import io.genstage.interop.internal.SourceStage;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A producer-consumer stage as an Akka Streams {@link Flow}: elements go in through a producer the
 * stage subscribes to (as with {@link StageSink#to}), and the stage's output comes out through a
 * subscription to it (as with {@link StageSource#from}). Demand is the stage's own on both sides.
 *
 * <p><b>Completion.</b> Upstream completion reaches the stage as a normal cancel; with its default,
 * permanent, subscription the stage then emits what it still holds and stops, which completes the
 * flow's output. The output does not complete before the stage is done (the two sides are not
 * coupled on completion), and it is subscribed before the stage's input, so that even an empty
 * upstream completes it normally. When downstream cancels, upstream is cancelled too.
 */
public final class StageFlow {
  private StageFlow() {}

  /**
   * A flow through {@code stage}.
   *
   * @param in the stage's subscription to the flow's upstream
   * @param out the flow's subscription to the stage
   */
  public static <I, O> Flow<I, O, NotUsed> through(
      ProducerConsumerRef<I, O, ?> stage, SubscribeOptions in, SubscribeOptions out, ActorSystem<?> system) {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(system, "system");
    // Built per materialization: each run has its own input producer to hand to its output side.
    return Flow.<I, O, NotUsed>fromMaterializer((materializer, attributes) -> {
      CompletableFuture<ProducerRef<I, Void>> inputProducer = new CompletableFuture<>();
      Sink<I, UniqueKillSwitch> input = Flow.<I>create()
          .viaMat(KillSwitches.single(), Keep.right())
          .toMat(Sink.fromGraph(new ProducerSinkStage<I>(system, DemandDispatcher.<I>factory(), OnCancel.STOP,
              stage.actor())), Keep.both())
          .mapMaterializedValue(pair -> {
            inputProducer.complete(pair.second());
            return pair.first();
          });
      Source<O, NotUsed> output = Source.fromGraph(new SourceStage<O>(StageSource.protocolRef(stage), out,
              SourceStage.Ending.BY_REASON,
              inputProducer.thenApply(producer -> () -> GenStage.asyncSubscribe(stage, producer, in))))
          .mapMaterializedValue(control -> NotUsed.getInstance());
      return Flow.fromSinkAndSourceMat(input, output.watchTermination(Keep.right()), (killSwitch, outputDone) -> {
        // Once the output has ended (completed, failed or cancelled), nothing more is wanted from upstream.
        outputDone.whenComplete((done, failure) -> killSwitch.shutdown());
        return NotUsed.getInstance();
      });
    }).mapMaterializedValue(m -> NotUsed.getInstance());
  }

  /** A flow through {@code stage} with the default options on both sides. */
  public static <I, O> Flow<I, O, NotUsed> through(ProducerConsumerRef<I, O, ?> stage, ActorSystem<?> system) {
    return through(stage, SubscribeOptions.defaults(), SubscribeOptions.defaults(), system);
  }
}
