package io.genstage.examples;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.stream.javadsl.Sink;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.DemandMode;
import io.genstage.GenStage;
import io.genstage.ProducerConsumer;
import io.genstage.ProducerConsumerOptions;
import io.genstage.ProducerConsumerRef;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.StageRef;
import io.genstage.Stages;
import io.genstage.StageSpec;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.Subscription;
import io.genstage.dispatch.BroadcastDispatcher;
import io.genstage.dispatch.PartitionDispatcher;
import io.genstage.observe.Topology;
import io.genstage.interop.OnCancel;
import io.genstage.interop.Producers;
import io.genstage.interop.StageSource;
import io.genstage.supervisor.ChildSpec;
import io.genstage.supervisor.DynamicSupervisor;
import io.genstage.supervisor.Shutdown;
import io.genstage.supervisor.SupervisorOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Counts the words of a text file with a pipeline of stages, the classic GenStage word count:
 *
 * <pre>
 *                 ┌─▶ parser-0 ─┐ partition 0 ─▶ counter-0 ─┐ ┌─▶ frequent-words (DynamicSupervisor)
 *   file (lines) ─┤             ├─                          ├─┤
 *                 └─▶ parser-1 ─┘ partition 1 ─▶ counter-1 ─┘ └─▶ results ─▶ Akka Streams fold
 * </pre>
 *
 * <ul>
 *   <li>{@code file}: {@code Producers.fromStream(() -> Files.lines(path))}; its default demand
 *       dispatcher hands each batch of lines to whichever parser asked for more.
 *   <li>{@code parser-i}: splits lines into lowercase words and emits them on a
 *       {@link PartitionDispatcher}, so every occurrence of a word, from either parser, goes to the
 *       same counter.
 *   <li>{@code counter-i}: subscribed to partition {@code i} of both parsers with
 *       {@link CancelMode#LAST}, it counts its words and, once both parsers have ended, emits one
 *       {@link WordCount} per word from {@code handleInputEnd}; the stage then stops by itself once
 *       those have been delivered. Its
 *       {@link BroadcastDispatcher} gives every count to both stages below.
 *   <li>{@code frequent-words}: a {@link DynamicSupervisor} subscribed to both counters (again
 *       {@code LAST}), with a selector that lets through only words counted more than {@code K}
 *       times; it starts one child per such word (standing for slow per-event work: here it prints
 *       the word), at most {@value #SUPERVISOR_MAX_DEMAND} per counter at once, and, since its
 *       children have a {@link Shutdown#within} shutdown, it stops after its last child.
 *   <li>{@code results}: merges both counters ({@code LAST}) into the one producer that the Akka
 *       Streams side reads with {@link StageSource} and folds into a {@code Map}; the fold completes
 *       when {@code results} has ended.
 * </ul>
 *
 * <p>Nothing here detects the end by hand: the file producer stops when the file runs out, the
 * parsers stop with it (permanent subscriptions), the counters, the supervisor and {@code results}
 * when all their producers have ended ({@code LAST}), and the run waits on the fold's future and on
 * {@link GenStage#completion} of every stage.
 *
 * <p>Stages subscribe asynchronously, when their actors start, and a consumer that subscribes to a
 * producer which has already stopped fails with {@link CancelReason#TERMINATED}. So the file
 * producer starts in {@link DemandMode#ACCUMULATE}: it keeps the demand it gets and reads nothing
 * until {@link Topology#walk} shows that every subscription has reached its producer; then the run
 * switches it to {@link DemandMode#FORWARD}. The picture of the pipeline at that moment (Graphviz
 * DOT, which {@code dot -Tsvg} renders) is written to the file given as the second argument, if any.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=io.genstage.examples.WordCountExample}
 * (it writes a sample text to a temporary file), or count a file of your own with
 * {@code -Dexec.args="path/to/file.txt"}, and draw the pipeline too with
 * {@code -Dexec.args="path/to/file.txt pipeline.dot"}.
 */
public final class WordCountExample {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WordCountExample.class);

  static final int PARSERS = 2;
  static final int PARTITIONS = 2;
  /** Words counted more than this many times get a child of the supervisor, by default. */
  static final long DEFAULT_FREQUENT_ABOVE = 1000;
  static final int SUPERVISOR_MAX_DEMAND = 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /**
   * The subscriptions of the pipeline: file to each parser, each parser to each counter, each
   * counter to the supervisor and to results, results to the Akka Streams side.
   */
  static final int SUBSCRIPTIONS = PARSERS + PARSERS * PARTITIONS + PARTITIONS * 2 + 1;

  /** What is not a letter or a digit separates words. */
  static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

  // #region stages
  /** A word and how many times it occurs in the file. */
  public record WordCount(String word, long count) {}

  /** Splits each line into lowercase words. */
  static final class Parser extends ProducerConsumer<String, String, Void> {
    @Override
    protected List<String> handleEvents(List<String> lines, Subscription from) {
      List<String> words = new ArrayList<>();
      for (String line : lines) {
        for (String word : SEPARATORS.split(line.toLowerCase(Locale.ROOT))) {
          if (!word.isEmpty()) {
            words.add(word);
          }
        }
      }
      return words;
    }
  }

  /** Counts the words of one partition; emits the counts once all its producers have ended. */
  static final class Counter extends ProducerConsumer<String, WordCount, Void> {
    private final Map<String, Long> counts = new HashMap<>();

    @Override
    protected List<WordCount> handleEvents(List<String> words, Subscription from) {
      for (String word : words) {
        counts.merge(word, 1L, Long::sum);
      }
      return List.of();
    }

    /** Both parsers ended (LAST): emit every count; the stage stops once they are delivered. */
    @Override
    protected List<WordCount> handleInputEnd(CancelReason reason) {
      List<WordCount> out = new ArrayList<>(counts.size());
      counts.forEach((word, count) -> out.add(new WordCount(word, count)));
      return out;
    }
  }

  /**
   * Merges the counters' counts into one producer for the Akka Streams side. Why not read the
   * counters with a {@link StageSource} each: the source subscribes only once the stream is
   * materialized, which can be after the counters have broadcast their counts (and stopped), and a
   * broadcast consumer that subscribes late misses them. This stage is subscribed at spawn, so it
   * receives every count, and with its default demand dispatcher it holds them until the stream
   * subscribes; then it drains before it stops.
   */
  static final class Results extends ProducerConsumer<WordCount, WordCount, Void> {
    @Override
    protected List<WordCount> handleEvents(List<WordCount> counts, Subscription from) {
      return counts;
    }
  }

  /** A child of the supervisor: the per-word work, here printing the word. */
  static Behavior<Void> recorder(WordCount frequent, PrintStream out) {
    return Behaviors.setup(ctx -> {
      out.println("frequent " + frequent.word() + " " + frequent.count() + " (" + ctx.getSelf().path().name() + ")");
      return Behaviors.stopped();
    });
  }
  // #endregion stages

  /** The partition of a word: the same for every occurrence, from any parser. */
  static int partitionOf(String word) {
    return Math.floorMod(word.hashCode(), PARTITIONS);
  }

  /** {@link #run(PrintStream, Path, long, Path)} with {@link #DEFAULT_FREQUENT_ABOVE} and no picture. */
  public static Map<String, Long> run(PrintStream out, Path file) throws Exception {
    return run(out, file, DEFAULT_FREQUENT_ABOVE, null);
  }

  /**
   * Counts the words of {@code file}, prints a line per word counted more than
   * {@code frequentAbove} times (each from its own child of the supervisor), then a summary, and
   * returns the counts; writes the picture of the wired pipeline to {@code picture} (DOT) unless
   * it is null.
   */
  public static Map<String, Long> run(PrintStream out, Path file, long frequentAbove, Path picture) throws Exception {
    LOG.debug("counting the words of {}", file);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "word-count-example");
    try {
      List<CompletionStage<CancelReason>> ends = new ArrayList<>();

      // #region wiring
      var lines = spawn(system, Producers.fromStream(() -> lines(file),
          ProducerOptions.defaults().withDemand(DemandMode.ACCUMULATE), OnCancel.CONTINUE), "file", ends);

      List<ProducerConsumerRef<String, String, Void>> parsers = new ArrayList<>();
      for (int p = 0; p < PARSERS; p++) {
        parsers.add(spawn(system, Stages.producerConsumer(Parser::new,
                ProducerConsumerOptions.defaults()
                    .withDispatcher(PartitionDispatcher.factory(PARTITIONS, WordCountExample::partitionOf)),
                SubscribeTo.of(lines, SubscribeOptions.defaults().withMaxDemand(100))),
            "parser-" + p, ends));
      }

      List<ProducerConsumerRef<String, WordCount, Void>> counters = new ArrayList<>();
      for (int partition = 0; partition < PARTITIONS; partition++) {
        SubscribeOptions<Object> fromParser = SubscribeOptions.defaults()
            .withPartition(partition).withCancel(CancelMode.LAST);
        counters.add(spawn(system, Stages.producerConsumer(Counter::new,
                ProducerConsumerOptions.defaults().withDispatcher(BroadcastDispatcher.factory()),
                SubscribeTo.all(parsers, fromParser)),
            "counter-" + partition, ends));
      }

      SubscribeOptions<WordCount> frequentOnly = SubscribeOptions.defaults()
          .withMaxDemand(SUPERVISOR_MAX_DEMAND).withCancel(CancelMode.LAST)
          .withSelector((WordCount c) -> c.count() > frequentAbove);
      spawn(system, DynamicSupervisor.create(
              ChildSpec.of((WordCount c) -> recorder(c, out)).withShutdown(Shutdown.within(TIMEOUT)),
              SupervisorOptions.defaults(),
              SubscribeTo.all(counters, frequentOnly)),
          "frequent-words", ends);

      var results = spawn(system, Stages.producerConsumer(Results::new,
          SubscribeTo.all(counters, SubscribeOptions.defaults().withCancel(CancelMode.LAST))), "results", ends);

      CompletionStage<Map<String, Long>> folded = StageSource.<WordCount>from(results)
          .runWith(Sink.fold(new HashMap<String, Long>(), (totals, c) -> {
            totals.merge(c.word(), c.count(), Long::sum);
            return totals;
          }), system);
      // #endregion wiring

      // #region picture
      Topology wired = awaitWired(system, lines);
      if (picture != null) {
        Files.writeString(picture, wired.toDot());
      }
      GenStage.setDemandMode(lines, DemandMode.FORWARD);
      // #endregion picture

      Map<String, Long> counts = folded.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      // Every stage ends by itself; the supervisor only after its last child.
      CompletableFuture.allOf(ends.stream().map(CompletionStage::toCompletableFuture)
          .toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      printSummary(out, counts);
      return counts;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Walks the pipeline until every one of its subscriptions has reached its producer. */
  static Topology awaitWired(ActorSystem<?> system, ProducerRef<?, ?> root) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      Topology topology = Topology.walk(system, List.of(root)).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      long accepted = topology.stages().stream().mapToLong(s -> s.consumers().size()).sum();
      if (accepted == SUBSCRIPTIONS) {
        return topology;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("only " + accepted + " of " + SUBSCRIPTIONS + " subscriptions were made:\n" + topology.toDot());
      }
    }
  }

  private static java.util.stream.Stream<String> lines(Path file) {
    try {
      return Files.lines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Spawns a stage in the system and asks for its end at once, before it can end. */
  private static <R extends StageRef<C>, C> R spawn(ActorSystem<Void> system, StageSpec<R, C> spec, String name,
      List<CompletionStage<CancelReason>> ends) {
    R stage = spec.spawn(system, name);
    ends.add(GenStage.completion(system, stage));
    return stage;
  }

  /** Distinct and total words, and the ten most frequent (ties by word). */
  static void printSummary(PrintStream out, Map<String, Long> counts) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    out.println("distinct words: " + counts.size());
    out.println("total words: " + total);
    out.println("top 10: " + counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(10)
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", ")));
  }

  /**
   * Writes {@code lines} lines of text drawn, with a seeded {@link Random}, from a vocabulary of
   * {@code vocabulary} made-up words, some far more frequent than others, in mixed case and with
   * punctuation.
   */
  static void writeSampleText(Path file, int lines, int vocabulary, long seed) throws IOException {
    Random random = new Random(seed);
    Set<String> words = new LinkedHashSet<>();
    while (words.size() < vocabulary) {
      int length = 2 + random.nextInt(8);
      StringBuilder w = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        w.append((char) ('a' + random.nextInt(26)));
      }
      words.add(w.toString());
    }
    List<String> vocab = new ArrayList<>(words);
    String[] punctuation = {" ", " ", " ", " ", ", ", "; ", " - ", ". ", "! ", "  "};
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int l = 0; l < lines; l++) {
        int count = 1 + random.nextInt(12);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < count; i++) {
          double skewed = Math.pow(random.nextDouble(), 2); // low indexes are far more frequent
          String word = vocab.get((int) (skewed * vocab.size()));
          if (random.nextInt(10) == 0) {
            word = word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
          }
          line.append(word).append(punctuation[random.nextInt(punctuation.length)]);
        }
        writer.write(line.toString().strip());
        writer.newLine();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Path file;
    if (args.length > 0) {
      file = Path.of(args[0]);
    } else {
      file = Files.createTempFile("word-count-", ".txt");
      file.toFile().deleteOnExit();
      writeSampleText(file, 100_000, 3000, 42);
    }
    run(System.out, file, DEFAULT_FREQUENT_ABOVE, args.length > 1 ? Path.of(args[1]) : null);
  }
}
