package io.genstage.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Windowed reduce: every window kind and trigger against exact expected panes, and late events. */
class WindowTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  /** An event at {@code second} seconds of event time. */
  record At(long second) {
    long millis() {
      return second * 1000;
    }
  }

  private static <T> List<T> run(Dataflow<T> flow) {
    return flow.toList(testKit.system()).toCompletableFuture().join();
  }

  private static List<Integer> numbers(int n) {
    return IntStream.rangeClosed(1, n).boxed().toList();
  }

  private static Dataflow<At> at(long... seconds) {
    return Dataflow.from(java.util.Arrays.stream(seconds).mapToObj(At::new).toList()).stages(1);
  }

  private static final Window<At> MINUTE = Window.fixed(Duration.ofMinutes(1), At::millis);

  @Test
  void countWindowsEmitEveryNEventsAndTheRestAtTheEnd() {
    assertEquals(List.of(new Pane<>(0, 3, 6, true), new Pane<>(3, 6, 15, true), new Pane<>(6, 9, 15, true)),
        run(Dataflow.from(numbers(8)).stages(1).reduce(Window.count(3), () -> 0, Integer::sum)));
  }

  @Test
  void fixedWindowsByEventTimeCloseWhenAnEventPastTheirEndArrives() {
    assertEquals(List.of(new Pane<>(0, 60_000, 3L, true), new Pane<>(60_000, 120_000, 2L, true),
            new Pane<>(120_000, 180_000, 1L, true)),
        run(at(0, 10, 59, 60, 61, 130).reduce(MINUTE, () -> 0L, (n, e) -> n + 1)));
  }

  @Test
  void aLateEventForAClosedWindowIsDroppedCountedAndLogged() {
    List<Pane<Long>> panes = LoggingTestKit.warn("dropped [1] events that arrived after their window had closed")
        .expect(testKit.system(), () -> run(at(0, 70, 30, 80).reduce(MINUTE, () -> 0L, (n, e) -> n + 1)));
    assertEquals(List.of(new Pane<>(0, 60_000, 1L, true), new Pane<>(60_000, 120_000, 2L, true)), panes);
  }

  @Test
  void allowedLatenessKeepsAWindowOpenForLateEventsUntilAnEventThatMuchPastItsEnd() {
    Window<At> lenient = MINUTE.allowedLateness(Duration.ofSeconds(20));
    // 30 is late but within 20 s of the first window's end (70 < 60 + 20); 85 closes it; 10 then is too late.
    List<Pane<List<Long>>> panes = run(at(0, 70, 30, 85, 10).reduce(lenient, () -> List.<Long>of(), (seen, e) -> {
      List<Long> more = new java.util.ArrayList<>(seen);
      more.add(e.second());
      return more;
    }));
    assertEquals(List.of(new Pane<>(0, 60_000, List.of(0L, 30L), true), new Pane<>(60_000, 120_000, List.of(70L, 85L), true)),
        panes);
  }

  @Test
  void triggersEmitTheStateSoFarAndResetStartsEachPaneAfresh() {
    Window<Integer> five = Window.count(5);
    assertEquals(List.of(new Pane<>(0, 5, 3, false), new Pane<>(0, 5, 10, false), new Pane<>(0, 5, 15, true)),
        run(Dataflow.from(numbers(5)).stages(1).reduce(five.triggerEvery(2), () -> 0, Integer::sum)));
    assertEquals(List.of(new Pane<>(0, 5, 3, false), new Pane<>(0, 5, 7, false), new Pane<>(0, 5, 5, true)),
        run(Dataflow.from(numbers(5)).stages(1).reduce(five.triggerEvery(2).resetAfterTrigger(), () -> 0, Integer::sum)));
  }

  @Test
  void windowsArePerStageAndAPartitionByKeyPutsEachKeysWindowsInOneStage() {
    // Events of keys a and b, a minute apart: each key's per-minute count, from its own stage.
    List<String> out = run(Dataflow.from(List.of("a:0", "b:5", "a:30", "b:65", "a:70", "a:130"))
        .partition(e -> e.charAt(0), 2)
        .reduce(Window.<String>fixed(Duration.ofMinutes(1), e -> Long.parseLong(e.substring(2)) * 1000),
            () -> "", (key, e) -> key.isEmpty() ? e.substring(0, 1) + "=1" : key.charAt(0) + "="
                + (Integer.parseInt(key.substring(2)) + 1))
        .map(p -> p.value() + "@" + p.start() / 60_000));
    assertEquals(List.of("a=1@1", "a=1@2", "a=2@0", "b=1@0", "b=1@1"), out.stream().sorted().toList());
  }

  @Test
  void badWindowsNameTheValue() {
    assertEquals("count must be >= 1, got: 0",
        assertThrows(IllegalArgumentException.class, () -> Window.count(0)).getMessage());
    assertEquals("size must be >= 1 ms, got: PT0S",
        assertThrows(IllegalArgumentException.class, () -> Window.fixed(Duration.ZERO, At::millis)).getMessage());
    assertEquals("allowedLateness must be >= 0, got: PT-1S",
        assertThrows(IllegalArgumentException.class, () -> MINUTE.allowedLateness(Duration.ofSeconds(-1))).getMessage());
    assertEquals("triggerEvery must be >= 1, got: 0",
        assertThrows(IllegalArgumentException.class, () -> MINUTE.triggerEvery(0)).getMessage());
    assertEquals("allowedLateness is for event-time windows, not count windows",
        assertThrows(IllegalArgumentException.class, () -> Window.count(2).allowedLateness(Duration.ZERO)).getMessage());
  }
}
