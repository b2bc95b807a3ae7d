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
    Pattern line = Pattern.compile("(\\S+) printed (\\d+) \\(\\d+ running\\)");
    List<Integer> numbers = new ArrayList<>();
    Set<String> children = new HashSet<>();
    for (String l : output.lines()) {
      Matcher m = line.matcher(l);
      assertTrue(m.matches(), l);
      children.add(m.group(1));
      numbers.add(Integer.parseInt(m.group(2)));
    }
    assertEquals(count, numbers.size());
    assertEquals(count, new HashSet<>(numbers).size(), "a number was printed twice");
    assertEquals(count, children.size(), "each number has its own child");
    numbers.sort(null);
    for (int i = 0; i < count; i++) {
      assertEquals(i, numbers.get(i));
    }
  }
}
