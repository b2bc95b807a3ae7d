package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerConsumerExampleTest {

  @Test
  void printsTheExpandedCountInBatchesOfAtMostFive() throws Exception {
    Printed output = new Printed();
    ProducerConsumerExample.run(output.out, 60, Duration.ZERO);
    List<Integer> printed = new ArrayList<>();
    for (String line : output.lines()) {
      List<Integer> batch = Arrays.stream(line.replaceAll("[\\[\\] ]", "").split(","))
          .map(Integer::valueOf).toList();
      // C subscribes with maxDemand 10 / minDemand 5: batches of at most 10 - 5 events.
      assertTrue(batch.size() >= 1 && batch.size() <= 5, "batch of " + batch.size() + ": " + line);
      printed.addAll(batch);
    }
    assertTrue(printed.size() >= 60, "printed " + printed.size());
    // A counts 0, 1, 2, ...; B expands n into n, n+1, n+2; C prints them in order.
    for (int i = 0; i < printed.size(); i++) {
      int n = i / 3;
      assertEquals(n + i % 3, printed.get(i), "event " + i);
    }
  }
}
