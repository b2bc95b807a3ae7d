package io.genstage.interop;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Flow;
import io.genstage.ProducerConsumerRef;
import io.genstage.SubscribeOptions;
import java.util.Objects;

/**
 * A producer-consumer stage as an Akka Streams {@link Flow}: elements go in through
 * {@link StageSink#to}, and the stage's output comes out through {@link StageSource#from}. Demand is
 * the stage's own on both sides; upstream completion reaches the stage as a normal cancel, and its
 * output completes once the stage has stopped in turn (with its default, permanent, subscription).
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
    return Flow.fromSinkAndSourceCoupled(StageSink.to(stage, in, system), StageSource.<O>from(stage, out));
  }

  /** A flow through {@code stage} with the default options on both sides. */
  public static <I, O> Flow<I, O, NotUsed> through(ProducerConsumerRef<I, O, ?> stage, ActorSystem<?> system) {
    return through(stage, SubscribeOptions.defaults(), SubscribeOptions.defaults(), system);
  }
}
