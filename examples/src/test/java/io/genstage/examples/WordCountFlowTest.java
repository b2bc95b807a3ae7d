package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCountFlowTest {

  @Test
  void printsTheTwentyMostFrequentWordsAsAPlainJavaCountWould(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("text.txt");
    WordCountExample.writeSampleText(file, 50_000, 3000, 11);

    Printed output = new Printed();
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> WordCountFlow.run(output.out, file));

    Map<String, Long> expected = PlainCount.words(file);
    List<String> top = expected.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(20)
        .map(e -> e.getValue() + " " + e.getKey())
        .toList();
    assertEquals(top, List.of(output.lines()));
  }
}
