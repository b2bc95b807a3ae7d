package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.CancelReason;
import io.genstage.testkit.ConsumerProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCountFlowTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

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

  /** The same dataflow run into a producer: a consumer probe reads every count, then the end. */
  @Test
  void runIntoAProducerItsCountsAreReadByAConsumerAndEndNormally(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("small.txt");
    Files.writeString(file, "to be or not to be\nthat is the question\n");
    ConsumerProbe<Map.Entry<String, Long>> counts = ConsumerProbe.create(testKit.system());
    counts.subscribe(WordCountFlow.wordCount(file).into(testKit.system()));
    counts.ask(100);
    Map<String, Long> got = new HashMap<>();
    for (Map.Entry<String, Long> e : counts.expectNextN(8)) {
      assertEquals(null, got.put(e.getKey(), e.getValue()), "one count per word: " + e);
    }
    assertEquals(PlainCount.words(file), got);
    counts.expectCancel(CancelReason.NORMAL);
  }
}
