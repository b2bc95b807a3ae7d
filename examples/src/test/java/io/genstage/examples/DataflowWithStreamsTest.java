package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.stream.javadsl.Source;
import io.genstage.CancelReason;
import io.genstage.DemandMode;
import io.genstage.ProducerRef;
import io.genstage.dataflow.Dataflow;
import io.genstage.interop.OnCancel;
import io.genstage.interop.Producers;
import io.genstage.testkit.ConsumerProbe;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataflowWithStreamsTest {

  private static final List<DataflowWithStreams.Sum> SUMS = IntStream.range(0, 3)
      .mapToObj(r -> new DataflowWithStreams.Sum(r, IntStream.rangeClosed(1, 1000).filter(n -> n % 3 == r).asLongStream().sum()))
      .toList();

  @Test
  void sumsOneToAThousandPerResidueBetweenTwoAkkaStreams() throws Exception {
    Printed output = new Printed();
    DataflowWithStreams.run(output.out);
    assertEquals(SUMS.stream().map(s -> s.residue() + " " + s.sum()).toList(), List.of(output.lines()));
  }

  /**
   * With a source that forwarded from the start, the first stage to subscribe could take all 1000
   * numbers and the end before the second subscribed (28 of 40 runs failed so in a warm JVM).
   */
  @Test
  void everyRunSeesEveryNumberHoweverTheStagesSubscribe() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "dataflow-with-streams-again");
    try {
      for (int run = 0; run < 20; run++) {
        assertEquals(SUMS, DataflowWithStreams.sums(system), "run " + run);
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** The same run read by a consumer probe instead of a stream: the three sums, then the end. */
  @Test
  void itsOutputIsAProducerAnyConsumerReads() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "dataflow-with-streams-probe");
    try {
      ProducerRef<Integer, Void> numbers =
          Producers.fromSource(Source.range(1, 1000), DemandMode.ACCUMULATE, OnCancel.STOP, system);
      ProducerRef<Long, Void> sums = Dataflow.fromProducers(List.of(numbers))
          .partition(n -> n % 3, 3)
          .reduce(() -> 0L, (sum, n) -> sum + n)
          .into(system);
      ConsumerProbe<Long> reader = ConsumerProbe.create(system);
      reader.subscribe(sums);
      reader.ask(10);
      assertEquals(new HashSet<>(SUMS.stream().map(DataflowWithStreams.Sum::sum).toList()),
          new HashSet<>(reader.expectNextN(3)));
      reader.expectCancel(CancelReason.NORMAL);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
