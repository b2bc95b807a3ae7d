package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCountExampleTest {

  @Test
  void countsEveryWordOfTheFileAndStartsAChildPerFrequentWord(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("text.txt");
    WordCountExample.writeSampleText(file, 100_000, 3000, 7);
    long frequentAbove = 500;

    Printed output = new Printed();
    Map<String, Long> counts = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> WordCountExample.run(output.out, file, frequentAbove));

    Map<String, Long> expected;
    try (Stream<String> lines = Files.lines(file)) {
      expected = lines
          .flatMap(line -> Arrays.stream(line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")))
          .filter(word -> !word.isEmpty())
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
    assertEquals(expected, counts);

    Map<String, Long> frequent = new HashMap<>();
    Set<String> children = new HashSet<>();
    Pattern childLine = Pattern.compile("frequent (\\S+) (\\d+) \\((\\S+)\\)");
    String[] lines = output.lines();
    int summary = lines.length - 3;
    for (int i = 0; i < summary; i++) {
      Matcher m = childLine.matcher(lines[i]);
      assertTrue(m.matches(), lines[i]);
      assertEquals(null, frequent.put(m.group(1), Long.parseLong(m.group(2))), "twice: " + m.group(1));
      children.add(m.group(3));
    }
    Map<String, Long> expectedFrequent = expected.entrySet().stream()
        .filter(e -> e.getValue() > frequentAbove)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertTrue(expectedFrequent.size() > 10 && expectedFrequent.size() < expected.size() / 2,
        "the sample has some frequent words, not only: " + expectedFrequent.size());
    assertEquals(expectedFrequent, frequent);
    assertEquals(expectedFrequent.size(), children.size(), "each frequent word has its own child");

    long total = expected.values().stream().mapToLong(Long::longValue).sum();
    assertEquals("distinct words: " + expected.size(), lines[summary]);
    assertEquals("total words: " + total, lines[summary + 1]);
    assertTrue(lines[summary + 2].startsWith("top 10: "), lines[summary + 2]);
    assertEquals(10, lines[summary + 2].split(", ").length, lines[summary + 2]);
  }
}
