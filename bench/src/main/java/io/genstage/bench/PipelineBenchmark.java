package io.genstage.bench;

import akka.actor.typed.ActorSystem;
import io.genstage.ProducerConsumerRef;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Linear pipelines of stages. Scores are events per second; each invocation spawns a fresh pipeline
 * (under one parent actor), moves the events through it, and stops it.
 *
 * <ul>
 *   <li>{@code producerToConsumer}: a producer of 1..n to a counting consumer, with
 *       {@code maxDemand} 10, 100, 1000 and 10000 and {@code minDemand = maxDemand / 2}. Compare
 *       with {@code BaselineBenchmark.actorsBatched} (1000/500) and {@code streamsAsync}.
 *   <li>{@code producerConsumerChain}: producer to a producer-consumer that adds one to consumer, both
 *       subscriptions at maxDemand 1000. Compare with {@code streamsAsyncMap}.
 * </ul>
 *
 * <p>Runs in the {@link BenchSystem#TUNED} actor system (default dispatcher: fork-join, 2 threads,
 * throughput 100).
 */
public class PipelineBenchmark extends ActorSystemBenchmark {
  /** The consumer's demand for {@link #producerToConsumer}. */
  @State(Scope.Benchmark)
  public static class Demand {
    @Param({"10", "100", "1000", "10000"})
    public int maxDemand;
  }

  public PipelineBenchmark() {
    super("pipeline");
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long producerToConsumer(Demand demand) {
    return producerToConsumer(system, events, demand.maxDemand);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long producerConsumerChain() {
    int n = events;
    Tally tally = new Tally(n);
    SubscribeOptions<Object> options = SubscribeOptions.defaults().withMaxDemand(1000);
    Spawned<?> run = Spawned.spawn(system, ctx -> {
      ProducerRef<Integer, Void> producer = Stages.producer(() -> new Fixtures.Numbers(n)).spawn(ctx, "producer");
      ProducerConsumerRef<Integer, Integer, Void> addOne =
          Stages.producerConsumer(Fixtures.AddOne::new, SubscribeTo.of(producer, options)).spawn(ctx, "add-one");
      return Stages.consumer(() -> new Fixtures.Counting(tally), SubscribeTo.of(addOne, options)).spawn(ctx, "consumer");
    });
    long count = tally.await();
    run.stop();
    return count;
  }

  /** Producer to consumer at {@code maxDemand} (min = max / 2) in {@code system}; shared with others. */
  static long producerToConsumer(ActorSystem<?> system, int n, int maxDemand) {
    Tally tally = new Tally(n);
    SubscribeOptions<Object> options = SubscribeOptions.defaults().withMaxDemand(maxDemand);
    Spawned<?> run = Spawned.spawn(system, ctx -> {
      ProducerRef<Integer, Void> producer = Stages.producer(() -> new Fixtures.Numbers(n)).spawn(ctx, "producer");
      return Stages.consumer(() -> new Fixtures.Counting(tally), SubscribeTo.of(producer, options)).spawn(ctx, "consumer");
    });
    long count = tally.await();
    run.stop();
    return count;
  }
}
