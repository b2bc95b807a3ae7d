package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.testkit.ConsumerProbe;
import io.genstage.testkit.ProducerProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class InteropExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void sumsTheSquaresThroughAStageAndReadsACounterAsASource() throws Exception {
    int n = 1000;
    Printed output = new Printed();
    long sum = InteropExample.run(output.out, n);
    long expected = (long) n * (n + 1) * (2L * n + 1) / 6;
    assertEquals(expected, sum);
    String[] lines = output.lines();
    assertEquals("sum of squares of 1..1000 = " + expected, lines[0]);
    assertEquals("first ten from the counter: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", lines[1]);
  }

  /** The squarer, tested as a stage before it is put in a flow. */
  @Test
  void theSquarerSquaresEachBatchAsItComes() {
    ProducerProbe<Integer> numbers = ProducerProbe.create(testKit.system());
    var squarer = Stages.producerConsumer(InteropExample.Squarer::new,
        SubscribeTo.of(numbers.ref(), SubscribeOptions.defaults().withMaxDemand(100))).spawn(testKit.system(), "squarer");
    ConsumerProbe<Long> squares = ConsumerProbe.create(testKit.system());
    squares.subscribe(squarer);
    squares.ask(10);
    numbers.emit(1, 2, 3);
    squares.expectBatch(1L, 4L, 9L);
    numbers.emit(100_000);
    squares.expectBatch(10_000_000_000L); // no int overflow
  }
}
