package io.genstage.dataflow;

import java.time.Duration;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * How a windowed {@link Dataflow#reduce} splits each stage's events into windows, each with an
 * accumulator of its own, and when it emits them as {@link Pane}s. Immutable: each {@code with}
 * method returns a new window.
 *
 * <ul>
 *   <li>{@link #count(int)}: every {@code n} events of a stage, in arrival order;
 *   <li>{@link #fixed(Duration, ToLongFunction)}: tumbling windows of a fixed size in event time,
 *       the time each event carries; a window closes once the stage has seen an event at least
 *       {@link #allowedLateness} past its end, and events for a closed window are dropped, counted
 *       and logged;
 *   <li>{@link #periodic(Duration)}: tumbling windows of processing time, each closing when its
 *       period ends.
 * </ul>
 *
 * <p>A window emits its pane when it closes (and every open window when the input ends); with
 * {@link #triggerEvery(int)} it also emits the accumulator so far every {@code n} events, with
 * {@link #triggerPeriodically(Duration)} every period of processing time, and with
 * {@link #resetAfterTrigger()} it starts again from a fresh accumulator after each trigger.
 *
 * @param <T> the events
 */
public final class Window<T> {
  final Kind kind;
  final long size; // events (count) or milliseconds (fixed)
  final ToLongFunction<? super T> eventTime; // fixed only
  final long latenessMillis;
  final int every; // 0: no count trigger
  final Duration period; // null: no periodic trigger
  final boolean reset;

  enum Kind { COUNT, FIXED, PERIODIC }

  private Window(Kind kind, long size, ToLongFunction<? super T> eventTime, long latenessMillis, int every,
      Duration period, boolean reset) {
    this.kind = kind;
    this.size = size;
    this.eventTime = eventTime;
    this.latenessMillis = latenessMillis;
    this.every = every;
    this.period = period;
    this.reset = reset;
  }

  /**
   * Windows of {@code n} events each, per stage.
   *
   * @param <T> the events
   * @param n events per window; at least 1
   * @return the window
   * @throws IllegalArgumentException when {@code n} is below 1
   */
  public static <T> Window<T> count(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("count must be >= 1, got: " + n);
    }
    return new Window<>(Kind.COUNT, n, null, 0, 0, null, false);
  }

  /**
   * Tumbling windows of {@code size} in event time: an event at time {@code t} (milliseconds) falls
   * in the window {@code [t - t mod size, t - t mod size + size)}.
   *
   * @param <T> the events
   * @param size the windows' length; at least 1 ms
   * @param eventTime the event's time, in milliseconds
   * @return the window, with no allowed lateness
   * @throws IllegalArgumentException when {@code size} is below 1 ms
   */
  public static <T> Window<T> fixed(Duration size, ToLongFunction<? super T> eventTime) {
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(eventTime, "eventTime");
    if (size.toMillis() < 1) {
      throw new IllegalArgumentException("size must be >= 1 ms, got: " + size);
    }
    return new Window<>(Kind.FIXED, size.toMillis(), eventTime, 0, 0, null, false);
  }

  /**
   * Windows of processing time: each stage's window holds the events that reached it during one
   * {@code period}, counted from the stage's start ({@code start}, {@code end}: milliseconds since
   * then), and closes when the period ends. A period without events emits nothing.
   *
   * @param <T> the events
   * @param period the windows' length; at least 1 ms
   * @return the window
   * @throws IllegalArgumentException when {@code period} is below 1 ms
   */
  public static <T> Window<T> periodic(Duration period) {
    Objects.requireNonNull(period, "period");
    if (period.toMillis() < 1) {
      throw new IllegalArgumentException("period must be >= 1 ms, got: " + period);
    }
    return new Window<>(Kind.PERIODIC, period.toMillis(), null, 0, 0, null, false);
  }

  /**
   * Also emits every open window's accumulator so far each {@code period} of processing time, as
   * panes that are not the last.
   *
   * @param period time between two triggers; at least 1 ms
   * @return the window
   * @throws IllegalArgumentException when {@code period} is below 1 ms
   */
  public Window<T> triggerPeriodically(Duration period) {
    Objects.requireNonNull(period, "period");
    if (period.toMillis() < 1) {
      throw new IllegalArgumentException("triggerPeriodically must be >= 1 ms, got: " + period);
    }
    return new Window<>(kind, size, eventTime, latenessMillis, every, period, reset);
  }

  /**
   * How long past its end a fixed window stays open for late events: it closes once an event at
   * least this much past its end has arrived.
   *
   * @param lateness zero or more
   * @return the window
   * @throws IllegalArgumentException when {@code lateness} is negative, or this is a count window
   */
  public Window<T> allowedLateness(Duration lateness) {
    Objects.requireNonNull(lateness, "lateness");
    if (lateness.isNegative()) {
      throw new IllegalArgumentException("allowedLateness must be >= 0, got: " + lateness);
    }
    if (kind != Kind.FIXED) {
      throw new IllegalArgumentException("allowedLateness is for event-time windows, not "
          + (kind == Kind.COUNT ? "count" : "periodic") + " windows");
    }
    return new Window<>(kind, size, eventTime, lateness.toMillis(), every, period, reset);
  }

  /**
   * Also emits each window's accumulator so far every {@code n} events of that window, as a pane
   * that is not the last.
   *
   * @param n events between two triggers; at least 1
   * @return the window
   * @throws IllegalArgumentException when {@code n} is below 1
   */
  public Window<T> triggerEvery(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("triggerEvery must be >= 1, got: " + n);
    }
    return new Window<>(kind, size, eventTime, latenessMillis, n, period, reset);
  }

  /**
   * After each pane a trigger emits, the window starts again from a fresh accumulator: each pane
   * holds only the events since the one before (the default is that each holds all of the
   * window's events so far).
   *
   * @return the window
   */
  public Window<T> resetAfterTrigger() {
    return new Window<>(kind, size, eventTime, latenessMillis, every, period, true);
  }
}
