package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataflowWithStreamsTest {

  @Test
  void sumsOneToAThousandPerResidueBetweenTwoAkkaStreams() throws Exception {
    Printed output = new Printed();
    DataflowWithStreams.run(output.out);
    List<String> expected = IntStream.range(0, 3)
        .mapToObj(r -> r + " " + IntStream.rangeClosed(1, 1000).filter(n -> n % 3 == r).asLongStream().sum())
        .toList();
    assertEquals(expected, List.of(output.lines()));
  }
}
