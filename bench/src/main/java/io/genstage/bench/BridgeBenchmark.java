package io.genstage.bench;

import akka.stream.javadsl.Source;
import io.genstage.ConsumerRef;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.interop.StageSink;
import io.genstage.interop.StageSource;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * The Akka Streams bridges, both at the default subscription (maxDemand 1000, min 500). Scores are
 * events per second; compare with {@code BaselineBenchmark.streamsAsync} (two actors, as here).
 *
 * <ul>
 *   <li>{@code sourceBridge}: a producer of 1..n read through {@link StageSource#from} into the
 *       counting sink of the Akka Streams baselines.
 *   <li>{@code sinkBridge}: {@code Source.range(1, n)} into a counting consumer stage through
 *       {@link StageSink#to}.
 * </ul>
 *
 * <p>Runs in the {@link BenchSystem#TUNED} actor system (default dispatcher: fork-join, 2 threads,
 * throughput 100).
 */
public class BridgeBenchmark extends ActorSystemBenchmark {
  public BridgeBenchmark() {
    super("bridge");
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long sourceBridge() {
    int n = events;
    Spawned<ProducerRef<Integer, Void>> run = Spawned.spawn(system,
        ctx -> Stages.producer(() -> new Fixtures.Numbers(n)).spawn(ctx, "producer"));
    CompletableFuture<Long> counted = StageSource.<Integer>from(run.stages(), SubscribeOptions.defaults())
        .runWith(CountingSink.counting(n), system);
    long count = BenchSystem.await(counted);
    run.stop(); // the producer stops, so the source completes
    return count;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long sinkBridge() {
    int n = events;
    Tally tally = new Tally(n);
    Spawned<ConsumerRef<Integer, Void>> run = Spawned.spawn(system,
        ctx -> Stages.<Integer, Void>consumer(() -> new Fixtures.Counting(tally)).spawn(ctx, "consumer"));
    Source.range(1, n).runWith(StageSink.to(run.stages(), SubscribeOptions.defaults(), system), system)
        .whenComplete((subscription, failure) -> {
          if (failure != null) {
            tally.fail(failure);
          }
        });
    long count = tally.await();
    run.stop();
    return count;
  }
}
