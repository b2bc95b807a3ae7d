package io.genstage.interop;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.stream.KillSwitches;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import io.genstage.ProducerConsumerRef;
import io.genstage.SubscribeOptions;
import java.util.Objects;

/**
 * A producer-consumer stage as an Akka Streams {@link Flow}: elements go in through
 * {@link StageSink#to}, and the stage's output comes out through {@link StageSource#from}. Demand is
 * the stage's own on both sides.
 *
 * <p><b>Completion.</b> Upstream completion reaches the stage as a normal cancel; with its default,
 * permanent, subscription the stage then emits what it still holds and stops, which completes the
 * flow's output. The output does not complete before the stage is done (the two sides are not
 * coupled on completion). When downstream cancels, upstream is cancelled too.
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
    Sink<I, UniqueKillSwitch> input = Flow.<I>create()
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(StageSink.to(stage, in, system), Keep.left());
    return Flow.fromSinkAndSourceMat(input, StageSource.<O>from(stage, out).watchTermination(Keep.right()),
        (killSwitch, outputDone) -> {
          // Once the output has ended (completed, failed or cancelled), nothing more is wanted from upstream.
          outputDone.whenComplete((done, failure) -> killSwitch.shutdown());
          return NotUsed.getInstance();
        });
  }

  /** A flow through {@code stage} with the default options on both sides. */
  public static <I, O> Flow<I, O, NotUsed> through(ProducerConsumerRef<I, O, ?> stage, ActorSystem<?> system) {
    return through(stage, SubscribeOptions.defaults(), SubscribeOptions.defaults(), system);
  }
}
