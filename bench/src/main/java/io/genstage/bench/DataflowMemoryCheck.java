package io.genstage.bench;

import akka.actor.typed.ActorSystem;
import io.genstage.dataflow.Dataflow;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Shows that a dataflow's memory is bounded by demand and its reducers' state, not by its input:
 * counts the words of {@link DataflowBenchmark}'s text, generated as it is read (never held), at
 * the sizes given in MB (default 100 and 2000), and prints the largest heap in use after a
 * collection during each run, the heap after it, and the process's peak resident set size.
 *
 * <pre>
 * java -Xmx64m -cp bench/target/benchmarks.jar io.genstage.bench.DataflowMemoryCheck [megabytes ...]
 * </pre>
 */
public final class DataflowMemoryCheck {
  private DataflowMemoryCheck() {}

  private static final long MB = 1024 * 1024;

  public static void main(String[] args) throws Exception {
    List<Long> sizes = new ArrayList<>();
    for (String arg : args) {
      sizes.add(Long.parseLong(arg));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(100L, 2000L);
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    MemoryCheck.AfterGcPeak peak = new MemoryCheck.AfterGcPeak();
    ActorSystem<Void> system = BenchSystem.create("dataflow-memory-check", BenchSystem.TUNED);
    try {
      System.out.printf("JVM %s, %d cores, max heap %d MB%n", System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), memory.getHeapMemoryUsage().getMax() / MB);
      System.out.printf("%-10s | %8s | %10s | %16s | %24s | %14s%n",
          "text MB", "seconds", "words", "distinct words", "max heap after GC in run", "heap after run");
      for (long megabytes : sizes) {
        long lineCount = megabytes * 1_000_000L / lineLength();
        peak.reset();
        long start = System.nanoTime();
        List<Map.Entry<String, Long>> counts = DataflowBenchmark.wordCount(
                Dataflow.fromStream(() -> Stream.generate(DataflowBenchmark.lines()).limit(lineCount)))
            .toList(system).toCompletableFuture().join();
        double seconds = (System.nanoTime() - start) / 1e9;
        long words = counts.stream().mapToLong(Map.Entry::getValue).sum();
        long inRun = peak.get();
        long after = MemoryCheck.settledHeap(memory);
        System.out.printf("%-10d | %8.1f | %10d | %16d | %21s MB | %11d MB%n", megabytes, seconds, words, counts.size(),
            inRun < 0 ? "n/a" : String.valueOf(inRun / MB), after / MB);
      }
    } finally {
      BenchSystem.terminate(system);
      peak.close();
    }
    System.out.println("peak RSS (VmHWM): " + MemoryCheck.status("VmHWM"));
  }

  /** The average length of a line of the text, newline included. */
  private static long lineLength() {
    java.util.function.Supplier<String> lines = DataflowBenchmark.lines();
    long total = 0;
    for (int i = 0; i < 10_000; i++) {
      total += lines.get().length() + 1;
    }
    return total / 10_000;
  }
}
