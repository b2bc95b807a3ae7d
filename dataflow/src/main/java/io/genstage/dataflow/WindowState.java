package io.genstage.dataflow;

import io.genstage.dataflow.internal.Operation;
import io.genstage.dataflow.internal.Windowing;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** One stage's windows of a windowed reduce: an accumulator and an event count per open window. */
final class WindowState<T, A> implements Windowing {
  private final Window<T> window;
  private final Supplier<? extends A> initial;
  private final BiFunction<A, ? super T, A> step;
  private final TreeMap<Long, Open<A>> open = new TreeMap<>(); // by start
  private long seen; // count windows: events so far
  private long maxTime = Long.MIN_VALUE; // fixed windows: the latest event time seen
  private long periods; // periodic windows: periods ended so far
  private long late;

  private static final class Open<A> {
    A value;
    long events;

    Open(A value) {
      this.value = value;
    }
  }

  WindowState(Window<T> window, Supplier<? extends A> initial, BiFunction<A, ? super T, A> step) {
    this.window = window;
    this.initial = initial;
    this.step = step;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void push(Object e, Operation.Step out) {
    T event = (T) e;
    long start;
    if (window.kind == Window.Kind.COUNT) {
      start = seen - seen % window.size;
      seen++;
    } else if (window.kind == Window.Kind.PERIODIC) {
      start = periods * window.size;
    } else {
      long time = window.eventTime.applyAsLong(event);
      start = time - Math.floorMod(time, window.size);
      if (start + window.size + window.latenessMillis <= maxTime) {
        late++; // its window has closed and emitted
        return;
      }
      maxTime = Math.max(maxTime, time);
    }
    Open<A> w = open.computeIfAbsent(start, s -> new Open<>(initial.get()));
    w.value = step.apply(w.value, event);
    w.events++;
    if (window.kind == Window.Kind.COUNT && w.events == window.size) {
      emit(start, w, true, out);
      open.remove(start);
      return;
    }
    if (window.every > 0 && w.events % window.every == 0) {
      emit(start, w, false, out);
      if (window.reset) {
        w.value = initial.get();
      }
    }
    if (window.kind == Window.Kind.FIXED) {
      closeUpTo(maxTime, out);
    }
  }

  /** Closes, in order, the fixed windows that an event at {@code time} is past by their lateness. */
  private void closeUpTo(long time, Operation.Step out) {
    for (Iterator<Map.Entry<Long, Open<A>>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Open<A>> w = it.next();
      if (w.getKey() + window.size + window.latenessMillis > time) {
        return;
      }
      emit(w.getKey(), w.getValue(), true, out);
      it.remove();
    }
  }

  @Override
  public void end(Operation.Step out) {
    for (Map.Entry<Long, Open<A>> w : open.entrySet()) {
      emit(w.getKey(), w.getValue(), true, out);
    }
    open.clear();
  }

  private void emit(long start, Open<A> w, boolean last, Operation.Step out) {
    out.push(new Pane<>(start, start + window.size, w.value, last));
  }

  @Override
  public long lateDropped() {
    return late;
  }

  @Override
  public java.time.Duration windowTick() {
    return window.kind == Window.Kind.PERIODIC ? java.time.Duration.ofMillis(window.size) : null;
  }

  @Override
  public void windowTick(Operation.Step out) {
    Open<A> w = open.remove(periods * window.size);
    if (w != null) {
      emit(periods * window.size, w, true, out);
    }
    periods++;
  }

  @Override
  public java.time.Duration triggerTick() {
    return window.period;
  }

  @Override
  public void triggerTick(Operation.Step out) {
    for (Map.Entry<Long, Open<A>> w : open.entrySet()) {
      emit(w.getKey(), w.getValue(), false, out);
      if (window.reset) {
        w.getValue().value = initial.get();
      }
    }
  }
}
