package io.genstage.bench;

import akka.actor.typed.ActorSystem;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every benchmark class shares: the run settings, and one actor system per trial.
 *
 * <p>The settings (inherited by each subclass, as JMH's class annotations are): throughput mode in
 * operations per second, one fork with {@code -Xms1g -Xmx1g}, 3 warm-up and 5 measured iterations
 * of 2 seconds. Each subclass counts an operation with {@code @OperationsPerInvocation}, so scores
 * are events (or children) per second.
 *
 * <p>The actor system is created in {@link BenchSystem#TUNED} (unless {@link #akkaConfig()} says
 * otherwise) before the first iteration and terminated after the last; each invocation spawns and
 * stops its own pipeline in it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class ActorSystemBenchmark {
  /** Events per invocation of the benchmarks that move events. */
  static final int EVENTS = 1_000_000;

  /** Events per invocation; lowered by the smoke test only. */
  int events = EVENTS;

  /** The actor system of the trial, between {@link #setup()} and {@link #teardown()}. */
  ActorSystem<Void> system;

  private final String systemName;

  /** @param systemName the actor system's name */
  protected ActorSystemBenchmark(String systemName) {
    this.systemName = systemName;
  }

  /** The Akka configuration of the actor system: {@link BenchSystem#TUNED} unless overridden. */
  String akkaConfig() {
    return BenchSystem.TUNED;
  }

  @Setup(Level.Trial)
  public void setup() {
    system = BenchSystem.create(systemName, akkaConfig());
  }

  @TearDown(Level.Trial)
  public void teardown() {
    BenchSystem.terminate(system);
  }
}
