package io.genstage.bench;

import akka.actor.typed.ActorSystem;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.supervisor.ChildSpec;
import io.genstage.supervisor.DynamicSupervisor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A {@link DynamicSupervisor} as a consumer of a producer of 1..n, subscribed at maxDemand 50
 * (min 25): one child per event, a task child that counts itself and exits at once. At most 50
 * children run at once; a child's exit frees its slot and, every 25 slots, asks for more. Score:
 * children started (and stopped) per second.
 *
 * <p>Runs in the {@link BenchSystem#TUNED} actor system (default dispatcher: fork-join, 2 threads,
 * throughput 100).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SupervisorBenchmark {
  static final int CHILDREN = 50_000;

  /** Children per invocation; lowered by the smoke test only. */
  int children = CHILDREN;

  ActorSystem<Void> system;

  @Setup(Level.Trial)
  public void setup() {
    system = BenchSystem.create("supervisor", BenchSystem.TUNED);
  }

  @TearDown(Level.Trial)
  public void teardown() {
    BenchSystem.terminate(system);
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
