package io.genstage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Each benchmark's pipeline, run once with a small count: it completes and counts exactly what it
 * should. Setup and teardown are the benchmarks' own (one actor system per class, as under JMH).
 */
class BenchSmokeTest {
  private static final int N = 10_000;

  @Test
  void baselines() {
    BaselineBenchmark b = new BaselineBenchmark();
    b.events = N;
    b.singleEvents = N;
    b.setup();
    try {
      assertEquals(N, b.actorsBatched());
      assertEquals(N, b.actorsSingle());
      assertEquals(N, b.streamsAsync());
      assertEquals(N, b.streamsAsyncMap());
      assertEquals(4L * N, b.broadcastHub4());
      assertEquals(N, b.partitionHub2());
    } finally {
      b.teardown();
    }
  }

  @Test
  void pipelines() {
    PipelineBenchmark b = new PipelineBenchmark();
    b.events = N;
    b.setup();
    try {
      for (int maxDemand : new int[] {10, 100, 1000, 10000}) {
        PipelineBenchmark.Demand demand = new PipelineBenchmark.Demand();
        demand.maxDemand = maxDemand;
        assertEquals(N, b.producerToConsumer(demand), "maxDemand " + maxDemand);
      }
      assertEquals(N, b.producerConsumerChain());
      // Nothing is left running after an invocation: the same pipeline runs again.
      assertEquals(N, b.producerConsumerChain());
    } finally {
      b.teardown();
    }
  }

  @Test
  void akkaConfigs() {
    for (String config : new String[] {BenchSystem.TUNED, BenchSystem.DEFAULT}) {
      AkkaConfigBenchmark b = new AkkaConfigBenchmark();
      b.events = N;
      b.akkaConfig = config;
      b.setup();
      try {
        String dispatcher = BenchSystem.describe(b.system);
        assertTrue(dispatcher.contains(config.equals(BenchSystem.TUNED) ? "2/1.0/2 throughput=100" : "8/1.0/64 throughput=5"),
            dispatcher);
        assertEquals(N, b.producerToConsumer1000(), config);
        assertEquals(N, b.actorsBatched(), config);
      } finally {
        b.teardown();
      }
    }
  }

  @Test
  void dispatchers() {
    DispatchBenchmark b = new DispatchBenchmark();
    b.events = N;
    b.setup();
    try {
      assertEquals(4L * N, b.broadcast4());
      assertEquals(N, b.partition2());
    } finally {
      b.teardown();
    }
  }

  @Test
  void supervisor() {
    SupervisorBenchmark b = new SupervisorBenchmark();
    b.children = 2_000;
    b.setup();
    try {
      assertEquals(2_000, b.childrenPerSecond());
    } finally {
      b.teardown();
    }
  }

  @Test
  void bridges() {
    BridgeBenchmark b = new BridgeBenchmark();
    b.events = N;
    b.setup();
    try {
      assertEquals(N, b.sourceBridge());
      assertEquals(N, b.sinkBridge());
    } finally {
      b.teardown();
    }
  }
}
