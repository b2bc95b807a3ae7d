package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SupervisorExampleTest {

  @Test
  void everyNumberIsPrintedExactlyOnceByItsOwnChild() throws Exception {
    int count = 500;
    Printed output = new Printed();
    SupervisorExample.run(output.out, count);
    Pattern line = Pattern.compile("child (\\S+) printed (\\d+) \\((\\d+) running\\)");
    List<Integer> numbers = new ArrayList<>();
    Set<String> children = new HashSet<>();
    int mostRunning = 0;
    for (String l : output.lines()) {
      Matcher m = line.matcher(l);
      assertTrue(m.matches(), l);
      children.add(m.group(1));
      numbers.add(Integer.parseInt(m.group(2)));
      mostRunning = Math.max(mostRunning, Integer.parseInt(m.group(3)));
    }
    // The supervisor's maxDemand bounds the children running at once; they do run side by side.
    assertTrue(mostRunning <= 50, "at most 50 at once, saw " + mostRunning);
    assertTrue(mostRunning > 1, "children ran one at a time: " + mostRunning);
    assertEquals(count, numbers.size());
    assertEquals(count, new HashSet<>(numbers).size(), "a number was printed twice");
    assertEquals(count, children.size(), "each number has its own child");
    numbers.sort(null);
    for (int i = 0; i < count; i++) {
      assertEquals(i, numbers.get(i));
    }
  }
}
