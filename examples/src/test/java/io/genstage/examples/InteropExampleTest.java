package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InteropExampleTest {

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
}
