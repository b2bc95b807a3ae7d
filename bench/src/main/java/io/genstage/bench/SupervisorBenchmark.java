package io.genstage.bench;

import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.supervisor.ChildSpec;
import io.genstage.supervisor.DynamicSupervisor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * A {@link DynamicSupervisor} as a consumer of a producer of 1..n, subscribed at maxDemand 50
 * (min 25): one child per event, a task child that counts itself and exits at once. At most 50
 * children run at once; a child's exit frees its slot and, every 25 slots, asks for more. Score:
 * children started (and stopped) per second.
 *
 * <p>Runs in the {@link BenchSystem#TUNED} actor system (default dispatcher: fork-join, 2 threads,
 * throughput 100).
 */
public class SupervisorBenchmark extends ActorSystemBenchmark {
  static final int CHILDREN = 50_000;

  /** Children per invocation; lowered by the smoke test only. */
  int children = CHILDREN;

  public SupervisorBenchmark() {
    super("supervisor");
  }

  /** Returns the children that ran. */
  @Benchmark
  @OperationsPerInvocation(CHILDREN)
  public long childrenPerSecond() {
    int n = children;
    Tally tally = new Tally(n);
    ChildSpec<Integer> child = ChildSpec.task((Integer event) -> tally.add(1));
    Spawned<?> run = Spawned.spawn(system, ctx -> {
      ProducerRef<Integer, Void> producer = Stages.producer(() -> new Fixtures.Numbers(n)).spawn(ctx, "producer");
      return DynamicSupervisor.create(child,
          SubscribeTo.of(producer, SubscribeOptions.defaults().withMaxDemand(50))).spawn(ctx, "supervisor");
    });
    long count = tally.await();
    run.stop();
    return count;
  }
}
