package io.genstage.bench;

import akka.actor.typed.ActorSystem;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Does the dispatcher configuration matter? The representative row, producer to consumer at
 * maxDemand 1000, and its ceiling, the batched plain actors, each under {@link BenchSystem#TUNED}
 * (fork-join 2 threads, throughput 100: what every other benchmark uses) and under
 * {@link BenchSystem#DEFAULT} (Akka's defaults: parallelism-min 8, parallelism-max 64, factor 1.0,
 * throughput 5). Scores are events per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AkkaConfigBenchmark {
  static final int EVENTS = 1_000_000;

  /** Events per invocation; lowered by the smoke test only. */
  int events = EVENTS;

  @Param({BenchSystem.TUNED, BenchSystem.DEFAULT})
  public String akkaConfig;

  ActorSystem<Void> system;

  @Setup(Level.Trial)
  public void setup() {
    system = BenchSystem.create("akka-config", akkaConfig);
  }

  @TearDown(Level.Trial)
  public void teardown() {
    BenchSystem.terminate(system);
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
