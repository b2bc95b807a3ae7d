package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.testkit.ConsumerProbe;
import io.genstage.testkit.ProducerProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCountExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** The pipeline once wired, before the file producer reads a line: every subscription asked for its max. */
  static final String WIRED = """
      digraph genstage {
        rankdir=LR;
        node [fontname="Helvetica", fontsize=11];
        edge [fontname="Helvetica", fontsize=10];
        n1 [label="file\\nproducer\\nbuffered 0 of 10000", shape=box];
        n2 [label="parser-0\\nproducer-consumer\\nbuffered 0", shape=box, style=rounded];
        n3 [label="parser-1\\nproducer-consumer\\nbuffered 0", shape=box, style=rounded];
        n4 [label="counter-0\\nproducer-consumer\\nbuffered 0", shape=box, style=rounded];
        n5 [label="counter-1\\nproducer-consumer\\nbuffered 0", shape=box, style=rounded];
        n6 [label="frequent-words\\nconsumer", shape=ellipse];
        n7 [label="results\\nproducer-consumer\\nbuffered 0 of 10000", shape=box, style=rounded];
        n8 [label="stage-source\\nconsumer", shape=ellipse];
        n1 -> n2 [label="demand 100\\n0 events"];
        n1 -> n3 [label="demand 100\\n0 events"];
        n2 -> n4 [label="demand 1000\\n0 events"];
        n2 -> n5 [label="demand 1000\\n0 events"];
        n3 -> n4 [label="demand 1000\\n0 events"];
        n3 -> n5 [label="demand 1000\\n0 events"];
        n4 -> n6 [label="demand 20\\n0 events"];
        n4 -> n7 [label="demand 1000\\n0 events"];
        n5 -> n6 [label="demand 20\\n0 events"];
        n5 -> n7 [label="demand 1000\\n0 events"];
        n7 -> n8 [label="demand 1000\\n0 events"];
      }
      """;


  @Test
  void countsEveryWordOfTheFileAndStartsAChildPerFrequentWord(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("text.txt");
    WordCountExample.writeSampleText(file, 100_000, 3000, 7);
    long frequentAbove = 500;
    Path picture = dir.resolve("pipeline.dot");

    Printed output = new Printed();
    Map<String, Long> counts = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> WordCountExample.run(output.out, file, frequentAbove, picture));
    assertEquals(WIRED, Files.readString(picture).replaceAll("stage-source-[0-9a-f-]+", "stage-source"));

    Map<String, Long> expected = PlainCount.words(file);
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

  @Test
  void aFileOfOneLineIsCountedToo(@TempDir Path dir) throws Exception {
    // The file producer reads nothing before every stage has subscribed: no stage misses the end.
    Path file = dir.resolve("one.txt");
    Files.writeString(file, "to be or not to be\n");
    Map<String, Long> counts = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> WordCountExample.run(new Printed().out, file, 1, null));
    assertEquals(Map.of("to", 2L, "be", 2L, "or", 1L, "not", 1L), counts);
  }

  /** The parser between two probes: lines in, lowercase words out, separators and empties dropped. */
  @Test
  void theParserSplitsLinesIntoLowercaseWords() {
    ProducerProbe<String> lines = ProducerProbe.create(testKit.system());
    var parser = Stages.producerConsumer(WordCountExample.Parser::new,
        SubscribeTo.of(lines.ref(), SubscribeOptions.defaults().withMaxDemand(100))).spawn(testKit.system(), "parser");
    ConsumerProbe<String> words = ConsumerProbe.create(testKit.system());
    words.subscribe(parser);
    words.ask(10);
    lines.emit("Hello, World!", "", "  ...  ", "hello again");
    words.expectBatch("hello", "world", "hello", "again");
  }
}
