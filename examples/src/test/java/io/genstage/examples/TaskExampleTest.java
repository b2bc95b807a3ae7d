package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskExampleTest {

  @Test
  void hashesEveryDocumentOnceWithAtMostEightTasksAtOnce() throws Exception {
    int count = 100;
    Printed output = new Printed();
    int mostAtOnce = TaskExample.run(output.out, count);
    Map<String, String> hashes = new HashMap<>();
    for (String line : output.lines()) {
      String[] parts = line.split(" ");
      assertEquals(null, hashes.put(parts[0], parts[1]), "hashed twice: " + parts[0]);
    }
    assertEquals(count, hashes.size());
    for (int i = 0; i < count; i++) {
      String document = "document-" + i;
      assertEquals(TaskExample.sha256(document), hashes.get(document), document);
    }
    assertTrue(mostAtOnce >= 1 && mostAtOnce <= 8, "at most 8 at once, saw " + mostAtOnce);
  }
}
