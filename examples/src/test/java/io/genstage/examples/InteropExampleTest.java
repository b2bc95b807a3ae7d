package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InteropExampleTest {

  @Test
  void sumsTheSquaresThroughAStageAndReadsACounterAsASource() throws Exception {
    int n = 1000;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long sum;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      sum = InteropExample.run(out, n);
    }
    long expected = (long) n * (n + 1) * (2L * n + 1) / 6;
    assertEquals(expected, sum);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
    assertEquals("sum of squares of 1..1000 = " + expected, lines[0]);
    assertEquals("first ten from the counter: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", lines[1]);
  }
}
