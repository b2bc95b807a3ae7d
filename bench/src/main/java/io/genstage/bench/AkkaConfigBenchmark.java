package io.genstage.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/**
 * Does the dispatcher configuration matter? The representative row, producer to consumer at
 * maxDemand 1000, and its ceiling, the batched plain actors, each under {@link BenchSystem#TUNED}
 * (fork-join 2 threads, throughput 100: what every other benchmark uses) and under
 * {@link BenchSystem#DEFAULT} (Akka's defaults: parallelism-min 8, parallelism-max 64, factor 1.0,
 * throughput 5). Scores are events per second. Under {@link BenchSystem#DEFAULT} the stages run on
 * the library's own dispatcher ({@code genstage.default-dispatcher}), which is what a user who
 * configures nothing gets; {@code -Dgenstage.dispatcher=akka.actor.default-dispatcher} runs them on
 * Akka's default one instead.
 */
public class AkkaConfigBenchmark extends ActorSystemBenchmark {
  @Param({BenchSystem.TUNED, BenchSystem.DEFAULT})
  public String akkaConfig;

  public AkkaConfigBenchmark() {
    super("akka-config");
  }

  @Override
  String akkaConfig() {
    return akkaConfig;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long producerToConsumer1000() {
    return PipelineBenchmark.producerToConsumer(system, events, 1000);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long actorsBatched() {
    return BaselineBenchmark.plainActors(system, events, true);
  }
}
