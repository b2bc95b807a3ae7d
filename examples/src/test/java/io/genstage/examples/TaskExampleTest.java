package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskExampleTest {

  @Test
  void hashesEveryDocumentOnceWithAtMostEightTasksAtOnce() throws Exception {
    int count = 100;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int mostAtOnce;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      mostAtOnce = TaskExample.run(out, count);
    }
    Map<String, String> hashes = new HashMap<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\\R")) {
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
