package io.genstage.bench;

import akka.actor.typed.ActorSystem;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Shows that a pipeline's memory is bounded by demand and buffers, not by the stream's length: moves
 * 10 million, then 100 million events from a producer to a consumer (maxDemand 1000, min 500, the
 * {@link BenchSystem#TUNED} actor system), and after each run forces garbage collection and prints
 * the heap in use. At the end it prints the process's peak resident set size (VmHWM).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.genstage.bench.MemoryCheck [count ...]
 * </pre>
 *
 * <p>The counts default to 10000000 and 100000000; give others as arguments (at most
 * {@value Integer#MAX_VALUE} each).
 */
public final class MemoryCheck {
  private MemoryCheck() {}

  private static final long MB = 1024 * 1024;

  public static void main(String[] args) throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (String arg : args) {
      counts.add(Integer.parseInt(arg.replace("_", "")));
    }
    if (counts.isEmpty()) {
      counts = List.of(10_000_000, 100_000_000);
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AfterGcPeak peak = new AfterGcPeak();

    ActorSystem<Void> system = BenchSystem.create("memory-check", BenchSystem.TUNED);
    try {
      System.out.printf("JVM: %s %s, %d cores, max heap %d MB, GC %s%n",
          System.getProperty("java.vm.name"), System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), memory.getHeapMemoryUsage().getMax() / MB, gcNames());
      System.out.println("Akka " + BenchSystem.describe(system));
      System.out.println("pipeline: producer -> consumer, maxDemand 1000, minDemand 500");
      // Warm up, so that the first row does not pay for class loading and JIT.
      PipelineBenchmark.producerToConsumer(system, 1_000_000, 1000);
      long baseline = settledHeap(memory);
      System.out.println();
      System.out.printf("%-13s | %8s | %12s | %10s | %24s | %18s%n",
          "events", "seconds", "events/s", "GCs in run", "max heap after GC in run", "heap after run");
      System.out.printf("%-13s | %8s | %12s | %10s | %24s | %15d MB%n", "0 (warm-up)", "", "", "", "", baseline / MB);
      for (int count : counts) {
        peak.reset();
        long gcsBefore = collections();
        long start = System.nanoTime();
        long moved = PipelineBenchmark.producerToConsumer(system, count, 1000);
        double seconds = (System.nanoTime() - start) / 1e9;
        long gcs = collections() - gcsBefore;
        long inRun = peak.get();
        long after = settledHeap(memory);
        if (moved != count) {
          throw new IllegalStateException("moved " + moved + " events, expected " + count);
        }
        System.out.printf("%-13d | %8.2f | %12.0f | %10d | %21s MB | %15d MB%n",
            count, seconds, count / seconds, gcs, gcs == 0 || inRun < 0 ? "n/a" : String.valueOf(inRun / MB),
            after / MB);
      }
    } finally {
      BenchSystem.terminate(system);
      peak.close();
    }
    System.out.println();
    System.out.println("peak RSS (VmHWM): " + status("VmHWM") + "; RSS now (VmRSS): " + status("VmRSS"));
  }

  /** Heap in use after a few forced collections. */
  static long settledHeap(MemoryMXBean memory) throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  static long collections() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  private static String gcNames() {
    List<String> names = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      names.add(gc.getName());
    }
    return String.join(", ", names);
  }

  /** A line of /proc/self/status ("n/a" where there is none). */
  static String status(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return line.substring(key.length() + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return "n/a";
  }

  /**
   * The largest heap in use right after any collection during a run (all pools): an upper bound
   * of what the run kept alive, since old garbage may survive a young collection.
   */
  static final class AfterGcPeak implements AutoCloseable {
    private final AtomicLong max = new AtomicLong(-1);
    private final Set<String> heapPools = new HashSet<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = (notification, handback) -> {
      if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
        GarbageCollectionNotificationInfo info =
            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
          if (heapPools.contains(pool.getKey())) {
            used += pool.getValue().getUsed();
          }
        }
        max.accumulateAndGet(used, Math::max);
      }
    };

    AfterGcPeak() {
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          heapPools.add(pool.getName());
        }
      }
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(listener, null, null);
          emitters.add(emitter);
        }
      }
    }

    void reset() {
      max.set(-1);
    }

    long get() {
      return max.get();
    }

    @Override
    public void close() {
      for (NotificationEmitter emitter : emitters) {
        try {
          emitter.removeNotificationListener(listener);
        } catch (Exception e) {
          // already gone
        }
      }
    }
  }
}
