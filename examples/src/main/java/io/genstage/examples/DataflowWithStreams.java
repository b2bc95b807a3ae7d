package io.genstage.examples;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.genstage.DemandMode;
import io.genstage.ProducerRef;
import io.genstage.dataflow.Dataflow;
import io.genstage.interop.OnCancel;
import io.genstage.interop.Producers;
import io.genstage.interop.StageSource;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Dataflow} between two Akka Streams: an Akka Streams {@code Source} run into a producer
 * ({@link Producers#fromSource}), started in {@code ACCUMULATE}, is the dataflow's source, and the
 * dataflow's output producer ({@link Dataflow#into}) is read back into Akka Streams with
 * {@link StageSource}. In between, the
 * numbers 1 to 1000 are summed per residue modulo 3, in three partitions; the stream sorts the sums
 * and prints them as {@code residue sum} lines.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.genstage.examples.DataflowWithStreams}.
 */
public final class DataflowWithStreams {

  /** A residue modulo 3 and the sum of the numbers with it. */
  public record Sum(int residue, long sum) {}

  // #region flow
  static List<Sum> sums(ActorSystem<?> system) throws Exception {
    // ACCUMULATE: the run switches it to forward once all its first stages have subscribed.
    ProducerRef<Integer, Void> numbers =
        Producers.fromSource(Source.range(1, 1000), DemandMode.ACCUMULATE, OnCancel.STOP, system);
    ProducerRef<Sum, Void> sums = Dataflow.fromProducers(List.of(numbers))
        .partition(n -> n % 3, 3)
        .reduce(() -> new long[2], (acc, n) -> {
          acc[0] = n % 3;
          acc[1] += n;
          return acc;
        })
        .map(acc -> new Sum((int) acc[0], acc[1]))
        .into(system);
    return StageSource.<Sum>from(sums)
        .runWith(Sink.seq(), system)
        .toCompletableFuture().get(30, TimeUnit.SECONDS)
        .stream().sorted(Comparator.comparingInt(Sum::residue)).toList();
  }
  // #endregion flow

  static void run(PrintStream out) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "dataflow-with-streams");
    try {
      for (Sum s : sums(system)) {
        out.println(s.residue() + " " + s.sum());
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    run(System.out);
  }
}
