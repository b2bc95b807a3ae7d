package io.genstage.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.DemandMode;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.testing.StageTestKit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Dataflow}: each operation, partition routing, reduce, completion and failure. */
class DataflowTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  private static <T> List<T> run(Dataflow<T> flow) {
    return flow.toList(testKit.system()).toCompletableFuture().join();
  }

  private static List<Integer> numbers(int n) {
    return IntStream.rangeClosed(1, n).boxed().toList();
  }

  private static <T extends Comparable<T>> List<T> sorted(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.sort(copy);
    return copy;
  }

  @Test
  void oneStageKeepsTheOrderThroughMapFilterRejectFlatMapAndEach() {
    ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
    List<String> out = run(Dataflow.from(numbers(10)).stages(1)
        .filter(n -> n % 2 == 0)        // 2 4 6 8 10
        .reject(n -> n == 6)            // 2 4 8 10
        .each(seen::add)
        .flatMap(n -> List.of(n, -n))   // 2 -2 4 -4 ...
        .map(n -> "e" + n));
    assertEquals(List.of("e2", "e-2", "e4", "e-4", "e8", "e-8", "e10", "e-10"), out);
    assertEquals(List.of(2, 4, 8, 10), List.copyOf(seen));
  }

  @Test
  void aSourceAloneIsCollectedInOrder() {
    assertEquals(numbers(2500), run(Dataflow.from(numbers(2500))));
  }

  @Test
  void manyStagesTogetherHandleEveryEventOnce() {
    List<Integer> out = run(Dataflow.from(numbers(10_000)).stages(4).map(n -> n * 2));
    assertEquals(IntStream.rangeClosed(1, 10_000).map(n -> n * 2).boxed().toList(), sorted(out));
  }

  @Test
  void uniqByKeepsTheFirstOfEachKeyPerStageAndGloballyAfterAPartitionByTheKey() {
    List<Integer> input = numbers(1000);
    assertEquals(List.of(1, 2, 3), run(Dataflow.from(input).stages(1).uniqBy(n -> n % 3 == 0 ? 3 : n % 3)));
    List<Integer> firstOfEach = run(Dataflow.from(input).partition(n -> n % 10, 3).uniqBy(n -> n % 10));
    assertEquals(numbers(10), sorted(firstOfEach)); // 1..10: the first number of each residue
  }

  @Test
  void aPartitionSendsEveryKeyToExactlyOneStage() {
    // Each stage reduces to the set of keys it saw: the sets cover every key and never meet.
    List<Set<Integer>> keysPerStage = run(Dataflow.from(numbers(20_000))
        .partition(n -> n % 97, 3)
        .reduce(HashSet<Integer>::new, (keys, n) -> {
          keys.add(n % 97);
          return keys;
        }));
    assertEquals(3, keysPerStage.size());
    Set<Integer> all = new HashSet<>();
    int total = 0;
    for (Set<Integer> keys : keysPerStage) {
      all.addAll(keys);
      total += keys.size();
    }
    assertEquals(97, all.size());
    assertEquals(97, total, "a key in two stages: " + keysPerStage);
  }

  @Test
  void aWordCountByPartitionEqualsThePlainJavaCount() {
    List<String> lines = new ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 2000; i++) {
      lines.add(IntStream.range(0, 8).mapToObj(j -> "w" + random.nextInt(300)).collect(Collectors.joining(" ")));
    }
    List<Map.Entry<String, Long>> entries = run(Dataflow.from(lines)
        .flatMap(line -> List.of(line.split(" ")))
        .partition(word -> word, 2)
        .reduce(HashMap<String, Long>::new, (counts, word) -> {
          counts.merge(word, 1L, Long::sum);
          return counts;
        })
        .flatMap(Map::entrySet));
    Map<String, Long> counts = new HashMap<>();
    for (Map.Entry<String, Long> e : entries) {
      assertEquals(null, counts.put(e.getKey(), e.getValue()), "counted in two stages: " + e.getKey());
    }
    Map<String, Long> expected = lines.stream().flatMap(l -> Stream.of(l.split(" ")))
        .collect(Collectors.groupingBy(w -> w, Collectors.counting()));
    assertEquals(expected, counts);
  }

  @Test
  void toMapCollectsTheCountsAndRefusesTwoEventsWithOneKey() {
    Dataflow<Map.Entry<Integer, Long>> counts = Dataflow.from(numbers(300))
        .partition(n -> n % 3, 3)
        .reduce(HashMap<Integer, Long>::new, (c, n) -> {
          c.merge(n % 3, 1L, Long::sum);
          return c;
        })
        .flatMap(Map::entrySet);
    assertEquals(Map.of(0, 100L, 1, 100L, 2, 100L),
        counts.toMap(testKit.system(), Map.Entry::getKey, Map.Entry::getValue).toCompletableFuture().join());
    CompletionException twice = assertThrows(CompletionException.class, () -> Dataflow.from(List.of(1, 2, 1))
        .toMap(testKit.system(), n -> n, n -> n).toCompletableFuture().join());
    assertEquals("two events with the key [1]: reduce them into one first", twice.getCause().getMessage());
  }

  @Test
  void aSecondPartitionShufflesTheAccumulatorsAgain() {
    // Sum per residue mod 10 in 4 stages, then every partial sum to one stage: the total.
    List<Long> total = run(Dataflow.from(numbers(1000))
        .partition(n -> n % 10, 4)
        .reduce(() -> new long[1], (sum, n) -> {
          sum[0] += n;
          return sum;
        })
        .map(sum -> sum[0])
        .partition(sum -> 0, 1)
        .reduce(() -> new long[1], (sum, part) -> {
          sum[0] += part;
          return sum;
        })
        .map(sum -> sum[0]));
    assertEquals(List.of(500_500L), total);
  }

  @Test
  void anEmptyInputCompletesWithNothingAndAReducerEmitsItsInitialValue() {
    assertEquals(List.of(), run(Dataflow.from(List.<Integer>of()).map(n -> n + 1)));
    assertEquals(List.of(0), run(Dataflow.from(List.<Integer>of()).stages(1).reduce(() -> 0, (a, n) -> a + n)));
  }

  @Test
  void aFailingOperationFailsTheRunWithTheOriginalException() {
    IllegalStateException boom = new IllegalStateException("boom at 500");
    CompletionException failed = assertThrows(CompletionException.class, () -> run(Dataflow.from(numbers(1000))
        .map(n -> {
          if (n == 500) {
            throw boom;
          }
          return n;
        })));
    assertSame(boom, failed.getCause());
  }

  @Test
  void runningTwiceRunsTwiceIndependently() {
    AtomicInteger opened = new AtomicInteger();
    Dataflow<Integer> flow = Dataflow.fromStream(() -> {
      opened.incrementAndGet();
      return numbers(100).stream();
    }).map(n -> n + 1);
    List<Integer> first = sorted(run(flow));
    List<Integer> second = sorted(run(flow));
    assertEquals(first, second);
    assertEquals(IntStream.rangeClosed(2, 101).boxed().toList(), first);
    assertEquals(2, opened.get());
    assertEquals(5050, flow.map(n -> n - 1).run(testKit.system())
        .thenApply(done -> 5050).toCompletableFuture().join());
  }

  /** Emits 1 to {@code count} on demand, then stops once they have left. */
  static final class UpTo extends io.genstage.Producer<Integer, Void> {
    private final int count;
    private int next = 1;

    UpTo(int count) {
      this.count = count;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      List<Integer> out = new ArrayList<>();
      while (out.size() < demand && next <= count) {
        out.add(next++);
      }
      if (next > count) {
        context().stopWhenDrained(io.genstage.CancelReason.NORMAL, java.time.Duration.ofSeconds(10));
      }
      return out;
    }
  }

  @Test
  void producersAsTheSourceAreForwardedOnceEveryStageHasSubscribedAndEndTheRunWhenTheyEnd() {
    // Both accumulate until the run forwards them: no stage misses an event or the end.
    ProducerOptions<Object> accumulate = ProducerOptions.defaults().withDemand(DemandMode.ACCUMULATE);
    ProducerRef<Integer, Void> low = kit.spawn(Stages.producer(() -> new UpTo(3), accumulate));
    ProducerRef<Integer, Void> high = kit.spawn(Stages.producer(() -> new UpTo(5), accumulate));
    List<Integer> out = run(Dataflow.fromProducers(List.of(low, high)).stages(2).map(n -> n * 10));
    assertEquals(List.of(10, 10, 20, 20, 30, 30, 40, 50), sorted(out));
  }

  @Test
  void theOutputOfOneDataflowIsTheSourceOfAnother() {
    ProducerRef<Integer, Void> doubled = Dataflow.from(numbers(5000)).map(n -> n * 2).into(testKit.system());
    List<Integer> out = run(Dataflow.fromProducers(List.of(doubled)).partition(n -> n % 3, 3).map(n -> n + 1));
    assertEquals(IntStream.rangeClosed(1, 5000).map(n -> n * 2 + 1).boxed().toList(), sorted(out));
    assertEquals(io.genstage.CancelReason.NORMAL,
        io.genstage.GenStage.completion(testKit.system(), doubled).toCompletableFuture().join());
  }

  @Test
  void mergedDataflowsFeedOneAndEachRunRunsThemAgain() {
    Dataflow<Integer> both = Dataflow.merge(List.of(
        Dataflow.from(numbers(100)).map(n -> -n),
        Dataflow.from(numbers(50)).filter(n -> n % 2 == 0)));
    Dataflow<Integer> flow = both.map(n -> n * 10);
    List<Integer> expected = new ArrayList<>();
    numbers(100).forEach(n -> expected.add(-n * 10));
    numbers(50).stream().filter(n -> n % 2 == 0).forEach(n -> expected.add(n * 10));
    assertEquals(sorted(expected), sorted(run(flow)));
    assertEquals(sorted(expected), sorted(run(flow)));
  }

  @Test
  void departitionGathersThePartitionsAccumulatorsIntoOneStage() {
    List<Long> total = run(Dataflow.from(numbers(1000))
        .partition(n -> n % 7, 3)
        .reduce(() -> new long[1], (sum, n) -> {
          sum[0] += n;
          return sum;
        })
        .map(sum -> sum[0])
        .departition()
        .reduce(() -> 0L, Long::sum));
    assertEquals(List.of(500_500L), total);
  }

  @Test
  void badCountsNameTheValue() {
    Dataflow<Integer> flow = Dataflow.from(numbers(3));
    assertEquals("stages must be >= 1, got: 0",
        assertThrows(IllegalArgumentException.class, () -> flow.stages(0)).getMessage());
    assertEquals("partitions must be >= 1, got: -1",
        assertThrows(IllegalArgumentException.class, () -> flow.partition(n -> n, -1)).getMessage());
    assertEquals("stages(3) after partition(key, 2): a partitioned layer has one stage per partition",
        assertThrows(IllegalArgumentException.class, () -> flow.partition(n -> n, 2).stages(3)).getMessage());
    assertEquals("flows must not be empty",
        assertThrows(IllegalArgumentException.class, () -> Dataflow.merge(List.of())).getMessage());
    assertTrue(assertThrows(IllegalStateException.class,
        () -> flow.reduce(() -> 0, (a, n) -> a + n).reduce(() -> 0, (a, n) -> a + n)).getMessage()
        .startsWith("these stages already reduce"));
  }
}
