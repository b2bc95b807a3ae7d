package io.genstage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Each benchmark's pipeline, run once with a small count: it completes and counts exactly what it
 * should. Setup and teardown are the benchmarks' own (one actor system per class, as under JMH).
 */
class BenchSmokeTest {
  private static final int N = 10_000;

  @Test
  void baselines() throws Throwable {
    BaselineBenchmark b = new BaselineBenchmark();
    b.events = N;
    b.singleEvents = N;
    b.children = 2_000;
    inTrial(b, () -> {
      assertEquals(N, b.actorsBatched());
      assertEquals(N, b.actorsSingle());
      assertEquals(N, b.streamsAsync());
      assertEquals(N, b.streamsAsyncMap());
      assertEquals(4L * N, b.broadcastHub4());
      assertEquals(N, b.partitionHub2());
      for (int maxDemand : new int[] {10, 100, 1000, 10000}) {
        PipelineBenchmark.Demand demand = new PipelineBenchmark.Demand();
        demand.maxDemand = maxDemand;
        assertEquals(N, b.plainDemand(demand), "plain, maxDemand " + maxDemand);
      }
      assertEquals(N, b.plainChain());
      assertEquals(4L * N, b.plainBroadcast4());
      assertEquals(N, b.plainPartition2());
      assertEquals(2_000, b.plainSupervisor());
    });
  }

  @Test
  void pipelines() throws Throwable {
    PipelineBenchmark b = new PipelineBenchmark();
    b.events = N;
    inTrial(b, () -> {
      for (int maxDemand : new int[] {10, 100, 1000, 10000}) {
        PipelineBenchmark.Demand demand = new PipelineBenchmark.Demand();
        demand.maxDemand = maxDemand;
        assertEquals(N, b.producerToConsumer(demand), "maxDemand " + maxDemand);
      }
      assertEquals(N, b.producerConsumerChain());
      // Nothing is left running after an invocation: the same pipeline runs again.
      assertEquals(N, b.producerConsumerChain());
    });
  }

  @Test
  void akkaConfigs() throws Throwable {
    for (String config : new String[] {BenchSystem.TUNED, BenchSystem.DEFAULT}) {
      AkkaConfigBenchmark b = new AkkaConfigBenchmark();
      b.events = N;
      b.akkaConfig = config;
      inTrial(b, () -> {
        String dispatcher = BenchSystem.describe(b.system);
        assertTrue(dispatcher.contains(config.equals(BenchSystem.TUNED) ? "2/1.0/2 throughput=100" : "8/1.0/64 throughput=5"),
            dispatcher);
        assertEquals(N, b.producerToConsumer1000(), config);
        assertEquals(N, b.actorsBatched(), config);
      });
    }
  }

  @Test
  void dispatchers() throws Throwable {
    DispatchBenchmark b = new DispatchBenchmark();
    b.events = N;
    inTrial(b, () -> {
      assertEquals(4L * N, b.broadcast4());
      assertEquals(N, b.partition2());
    });
  }

  @Test
  void cluster() throws Throwable {
    ClusterBenchmark b = new ClusterBenchmark();
    b.events = N;
    inTrial(b, () -> {
      for (int demand : new int[] {1000, 10000}) {
        b.remoteDemand = demand;
        assertEquals(N, b.atMostOnce(), "remote demand " + demand);
        assertEquals(N, b.atLeastOnce(), "remote demand " + demand);
        assertEquals(N, b.plainCreditBaseline(), "remote demand " + demand);
      }
      b.reliableEvents = 2_000;
      assertEquals(2_000, b.reliableDeliveryBaseline());
    });
  }

  @Test
  void supervisor() throws Throwable {
    SupervisorBenchmark b = new SupervisorBenchmark();
    b.children = 2_000;
    inTrial(b, () -> assertEquals(2_000, b.childrenPerSecond()));
  }

  @Test
  void bridges() throws Throwable {
    BridgeBenchmark b = new BridgeBenchmark();
    b.events = N;
    inTrial(b, () -> {
      assertEquals(N, b.sourceBridge());
      assertEquals(N, b.sinkBridge());
    });
  }

  @Test
  void dataflow() throws Throwable {
    DataflowBenchmark b = new DataflowBenchmark();
    b.lines = DataflowBenchmark.text(200_000);
    inTrial(b, () -> {
      int distinct = b.javaSequentialStream();
      assertTrue(distinct > 1000, "distinct words: " + distinct);
      assertEquals(distinct, b.javaParallelStream());
      assertEquals(distinct, b.wordCount());
      assertEquals(distinct, b.akkaStreamsGroupBy());
    });
  }

  /** Runs {@code checks} in one trial of {@code b}: its own setup before, its own teardown after. */
  private static void inTrial(ActorSystemBenchmark b, Executable checks) throws Throwable {
    b.setup();
    try {
      checks.execute();
    } finally {
      b.teardown();
    }
  }
}
