package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.testkit.ConsumerProbe;
import io.genstage.testkit.ProducerProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ProducerConsumerExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }


  @Test
  void printsTheExpandedCountInBatchesOfAtMostFiveWithTheCounterABoundedDistanceAhead() throws Exception {
    Printed output = new Printed();
    ProducerConsumerExample.run(output.out, 60, Duration.ZERO);
    List<Integer> printed = new ArrayList<>();
    Pattern line = Pattern.compile("C got \\[([0-9, ]+)\\] \\((\\d+) of 60\\); A has emitted (\\d+)");
    for (String l : output.lines()) {
      Matcher m = line.matcher(l);
      assertTrue(m.matches(), l);
      List<Integer> batch = Arrays.stream(m.group(1).split(", ")).map(Integer::valueOf).toList();
      // C subscribes with maxDemand 10 / minDemand 5: batches of at most 10 - 5 events.
      assertTrue(batch.size() >= 1 && batch.size() <= 5, "batch of " + batch.size() + ": " + l);
      printed.addAll(batch);
      assertEquals(printed.size(), Integer.parseInt(m.group(2)), l);
      // Back-pressure: A emits only against B's demand (10 ahead), and B handles A's batches only
      // against C's demand (10 ahead, plus one batch of at most 10 inputs expanded to 30):
      // 3 * emitted <= received + 10 + 30 + 3 * 10.
      int emitted = Integer.parseInt(m.group(3));
      assertTrue(3 * emitted <= printed.size() + 70, "A ran ahead: " + l);
    }
    assertEquals(60, printed.size(), "C stops after 60");
    // A counts 0, 1, 2, ...; B expands n into n, n+1, n+2; C prints them in order.
    for (int i = 0; i < printed.size(); i++) {
      int n = i / 3;
      assertEquals(n + i % 3, printed.get(i), "event " + i);
    }
  }

  /**
   * B between two probes: it asks A for maxDemand (10), expands each number into three, hands C
   * only what C asked for, and handles no more input (so asks for none) while C asks for nothing.
   */
  @Test
  void theExpanderAsksByItsDemandAndHandlesInputOnlyWhileItsConsumerHasDemand() {
    ProducerProbe<Integer> a = ProducerProbe.create(testKit.system());
    var b = Stages.producerConsumer(() -> new ProducerConsumerExample.Expander(2),
        SubscribeTo.of(a.ref(), SubscribeOptions.defaults().withMaxDemand(10))).spawn(testKit.system(), "B");
    ConsumerProbe<Integer> c = ConsumerProbe.create(testKit.system());
    c.subscribe(b);
    a.expectSubscription();
    a.expectAsk(10);

    c.ask(6);
    a.emit(0, 10);
    c.expectBatch(0, 1, 2, 10, 11, 12);
    a.emit(20, 21, 22);
    a.expectNothing(Duration.ofMillis(100)); // C asked for nothing more: B holds the batch unhandled
    c.ask(9);
    c.expectBatch(20, 21, 22, 21, 22, 23, 22, 23, 24);
    a.expectAsk(5); // 5 handled: maxDemand 10 - minDemand 5
  }
}
