package io.genstage.examples;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.dataflow.Dataflow;
import io.genstage.dataflow.Pane;
import io.genstage.dataflow.Window;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Counts page views per minute of event time (when each view happened, not when it arrived) with a
 * {@link Dataflow} and a fixed {@link Window}: views arrive out of order, and a window stays open
 * for 30 seconds past its end for the stragglers; a view later than that is dropped, counted and
 * logged. Prints one {@code HH:mm views N} line per minute.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.genstage.examples.EventsPerMinuteFlow}.
 */
public final class EventsPerMinuteFlow {
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  /** A page view, at the time it happened. */
  public record View(String page, Instant at) {}

  // #region flow
  static Dataflow<Pane<Long>> viewsPerMinute(List<View> views) {
    Window<View> minutes = Window.<View>fixed(Duration.ofMinutes(1), v -> v.at().toEpochMilli())
        .allowedLateness(Duration.ofSeconds(30));
    return Dataflow.from(views)
        .stages(1) // one stage sees every view, in arrival order: its windows hold them all
        .reduce(minutes, () -> 0L, (count, view) -> count + 1);
  }
  // #endregion flow

  /** Views of a morning, in the order they arrived: mostly in time order, a few late. */
  static List<View> sample() {
    Instant nine = Instant.parse("2026-12-01T09:00:00Z");
    return List.of(
        new View("/", nine.plusSeconds(5)),
        new View("/docs", nine.plusSeconds(40)),
        new View("/", nine.plusSeconds(59)),
        new View("/", nine.plusSeconds(70)),          // 09:01 opens
        new View("/docs", nine.plusSeconds(50)),      // late for 09:00, within 30 s: counted
        new View("/", nine.plusSeconds(95)),          // 09:00 closes (95 >= 60 + 30)
        new View("/docs", nine.plusSeconds(30)),      // too late for 09:00: dropped
        new View("/", nine.plusSeconds(130)),         // 09:02 opens
        new View("/pricing", nine.plusSeconds(175)),  // 09:01 closes (175 >= 120 + 30)
        new View("/", nine.plusSeconds(185)));        // 09:03 opens; it closes when the input ends
  }

  /** The line printed for a pane. */
  static String line(Pane<Long> pane) {
    return MINUTE.format(Instant.ofEpochMilli(pane.start())) + " views " + pane.value();
  }

  static void run(PrintStream out, List<View> views) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "events-per-minute");
    try {
      for (Pane<Long> pane : viewsPerMinute(views).toList(system).toCompletableFuture().get(30, TimeUnit.SECONDS)) {
        out.println(line(pane));
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    run(System.out, sample());
  }
}
