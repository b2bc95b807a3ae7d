package io.genstage.examples;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.dataflow.Dataflow;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The word count of {@link WordCountExample} as a {@link Dataflow}: read the file's lines, split
 * them into lowercase words, partition by word so that each word is counted in one stage, count,
 * and print the 20 most frequent words as {@code count word} lines (ties by word).
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.genstage.examples.WordCountFlow -Dexec.args=FILE}.
 */
public final class WordCountFlow {
  static final int PARTITIONS = 2;
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

  // #region flow
  /** The count of every word of {@code file}, each counted in one of two partitions. */
  static Dataflow<Map.Entry<String, Long>> wordCount(Path file) {
    return Dataflow.fromStream(() -> lines(file))
        .flatMap(WordCountFlow::words)
        .partition(word -> word, PARTITIONS)
        .reduce(HashMap<String, Long>::new, (counts, word) -> {
          counts.merge(word, 1L, Long::sum);
          return counts;
        })
        .flatMap(Map::entrySet);
  }
  // #endregion flow

  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    for (String word : SEPARATORS.split(line.toLowerCase(Locale.ROOT))) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }

  /** The {@code top} most frequent words as {@code count word} lines, ties by word. */
  static List<String> mostFrequent(List<Map.Entry<String, Long>> counts, int top) {
    return counts.stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(top)
        .map(e -> e.getValue() + " " + e.getKey())
        .toList();
  }

  /** Counts the words of {@code file} and prints the 20 most frequent. */
  static void run(PrintStream out, Path file) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "word-count-flow");
    try {
      List<Map.Entry<String, Long>> counts = wordCount(file).toList(system).toCompletableFuture().get(5, TimeUnit.MINUTES);
      mostFrequent(counts, 20).forEach(out::println);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static java.util.stream.Stream<String> lines(Path file) {
    try {
      return Files.lines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: WordCountFlow FILE");
      System.exit(2);
    }
    run(System.out, Path.of(args[0]));
  }
}
