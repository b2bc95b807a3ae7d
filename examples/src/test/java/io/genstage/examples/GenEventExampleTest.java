package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GenEventExampleTest {

  @Test
  void eachOfTheFourConsumersPrintsEachEventOnceInOrder() throws Exception {
    List<String> events = List.of("1", "2", "3", "4", "5");
    Printed output = new Printed();
    GenEventExample.run(output.out, events);
    Map<String, List<String>> byConsumer = new TreeMap<>();
    for (String line : output.lines()) {
      String[] parts = line.split(" ");
      byConsumer.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
    }
    assertEquals(List.of("consumer-1", "consumer-2", "consumer-3", "consumer-4"), List.copyOf(byConsumer.keySet()));
    byConsumer.forEach((consumer, received) -> assertEquals(events, received, consumer));
  }
}
