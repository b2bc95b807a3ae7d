package io.genstage.bench;

import akka.japi.Pair;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.genstage.dataflow.Dataflow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A word count over the same generated text (deterministic: a seeded Random over a vocabulary of
 * {@value #VOCABULARY} words, skewed so that some are far more frequent, 10 words a line, about
 * {@code megabytes} MB), four ways. Score: seconds per count of the whole text (lower is better).
 *
 * <ul>
 *   <li>{@code wordCount}: a {@link Dataflow} (flatMap in as many stages as cores, partition by
 *       word into 2, reduce into a map per partition);
 *   <li>{@code javaSequentialStream} and {@code javaParallelStream}: {@code groupingBy} and
 *       {@code counting} over {@code lines.stream()} and {@code lines.parallelStream()};
 *   <li>{@code akkaStreamsGroupBy}: {@code mapConcat} into {@code groupBy} by word (one substream
 *       per word), a count per substream, {@code mergeSubstreams} into a map.
 * </ul>
 *
 * <p>Each returns the number of distinct words, which all four must agree on.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class DataflowBenchmark extends ActorSystemBenchmark {
  static final int VOCABULARY = 10_000;

  /** The size of the text; lowered by the smoke test only. */
  @Param({"50"})
  public int megabytes;

  List<String> lines;

  public DataflowBenchmark() {
    super("dataflow");
  }

  @Setup(Level.Trial)
  public void text() {
    lines = text(megabytes * 1_000_000L);
  }

  /** Lines of 10 words, about {@code bytes} characters in all. */
  static List<String> text(long bytes) {
    java.util.function.Supplier<String> next = lines();
    List<String> lines = new ArrayList<>();
    long size = 0;
    while (size < bytes) {
      String line = next.get();
      lines.add(line);
      size += line.length() + 1;
    }
    return lines;
  }

  /** An endless supply of the text's lines, the same each time it is asked for. */
  static java.util.function.Supplier<String> lines() {
    Random random = new Random(42);
    String[] vocabulary = new String[VOCABULARY];
    for (int i = 0; i < VOCABULARY; i++) {
      vocabulary[i] = "w" + Integer.toString(i, 36);
    }
    StringBuilder line = new StringBuilder();
    return () -> {
      line.setLength(0);
      for (int i = 0; i < 10; i++) {
        double skewed = Math.pow(random.nextDouble(), 3); // low indexes are far more frequent
        line.append(i == 0 ? "" : " ").append(vocabulary[(int) (skewed * VOCABULARY)]);
      }
      return line.toString();
    };
  }

  /** The word count of {@link #wordCount}, over any source of lines. */
  static Dataflow<Map.Entry<String, Long>> wordCount(Dataflow<String> lines) {
    return lines
        .flatMap(DataflowBenchmark::words)
        .partition(word -> word, 2)
        .reduce(HashMap<String, Long>::new, (c, word) -> {
          c.merge(word, 1L, Long::sum);
          return c;
        })
        .flatMap(Map::entrySet);
  }

  private static List<String> words(String line) {
    return Arrays.asList(line.split(" "));
  }

  @Benchmark
  public int wordCount() {
    List<Map.Entry<String, Long>> counts = wordCount(Dataflow.from(lines)).toList(system).toCompletableFuture().join();
    return counts.size();
  }

  @Benchmark
  public int javaSequentialStream() {
    return lines.stream().flatMap(line -> words(line).stream())
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())).size();
  }

  @Benchmark
  public int javaParallelStream() {
    return lines.parallelStream().flatMap(line -> words(line).stream())
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())).size();
  }

  @Benchmark
  public int akkaStreamsGroupBy() {
    Map<String, Long> counts = Source.from(lines)
        .mapConcat(DataflowBenchmark::words)
        .groupBy(VOCABULARY + 1, word -> word)
        .map(word -> Pair.create(word, 1L))
        .reduce((a, b) -> Pair.create(a.first(), a.second() + b.second()))
        .mergeSubstreams()
        .runWith(Sink.fold(new HashMap<String, Long>(), (m, p) -> {
          m.put(p.first(), p.second());
          return m;
        }), system)
        .toCompletableFuture().join();
    return counts.size();
  }
}
