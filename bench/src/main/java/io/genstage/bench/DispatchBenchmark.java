package io.genstage.bench;

import io.genstage.DemandMode;
import io.genstage.GenStage;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.dispatch.BroadcastDispatcher;
import io.genstage.dispatch.DispatcherFactory;
import io.genstage.dispatch.PartitionDispatcher;
import java.util.function.IntFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * A producer with a broadcast or partition dispatcher and several counting consumers, each
 * subscribed at maxDemand 1000 (min 500). The producer starts in {@link DemandMode#ACCUMULATE} and
 * is switched to forward once every consumer has subscribed, so that each sees every event meant
 * for it.
 *
 * <ul>
 *   <li>{@code broadcast4}: {@link BroadcastDispatcher}, 4 consumers, each receives all n events.
 *       Score: events <em>each</em> consumer received per second (n per invocation). Compare with
 *       {@code BaselineBenchmark.broadcastHub4}.
 *   <li>{@code partition2}: {@link PartitionDispatcher} with 2 partitions by parity, 2 consumers.
 *       Score: events in all per second (n per invocation). Compare with
 *       {@code BaselineBenchmark.partitionHub2}.
 * </ul>
 *
 * <p>Runs in the {@link BenchSystem#TUNED} actor system (default dispatcher: fork-join, 2 threads,
 * throughput 100).
 */
public class DispatchBenchmark extends ActorSystemBenchmark {
  public DispatchBenchmark() {
    super("dispatch");
  }

  /** Returns the events all four consumers received (4 x events). */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long broadcast4() {
    return fanOut(BroadcastDispatcher.factory(), 4, (long) events * 4, i -> SubscribeOptions.defaults());
  }

  /** Returns the events both consumers received together (events). */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long partition2() {
    DispatcherFactory<Integer> partitions = PartitionDispatcher.factory(2, (Integer e) -> e & 1);
    return fanOut(partitions, 2, events, i -> SubscribeOptions.defaults().withPartition(i));
  }

  private long fanOut(DispatcherFactory<Integer> dispatcher, int consumers, long expected,
      IntFunction<SubscribeOptions<Object>> options) {
    int n = events;
    Tally tally = new Tally(expected);
    Tally subscribed = new Tally(consumers);
    ProducerOptions<Integer> producerOptions = ProducerOptions.defaults()
        .withDispatcher(dispatcher)
        .withDemand(DemandMode.ACCUMULATE);
    Spawned<ProducerRef<Integer, Void>> run = Spawned.spawn(system, ctx -> {
      ProducerRef<Integer, Void> producer =
          Stages.producer(() -> new Fixtures.Numbers(n), producerOptions).spawn(ctx, "producer");
      for (int i = 0; i < consumers; i++) {
        SubscribeTo<Integer> to = SubscribeTo.of(producer, options.apply(i).withMaxDemand(1000));
        Stages.<Integer, Void>consumer(() -> new Fixtures.Counting(tally, subscribed), to).spawn(ctx, "consumer-" + i);
      }
      return producer;
    });
    // Each consumer counts its subscription in handleSubscribe, after it has sent it to the producer,
    // so the producer sees all of them before the switch to FORWARD. Not GenStage.subscribe: with an
    // ask per consumer in every invocation the rows measured 20-25% slower in steady state (see
    // docs/performance.md), a cost the plain shapes, which ask nothing, do not pay.
    subscribed.await();
    GenStage.setDemandMode(run.stages(), DemandMode.FORWARD);
    long count = tally.await();
    run.stop();
    return count;
  }
}
