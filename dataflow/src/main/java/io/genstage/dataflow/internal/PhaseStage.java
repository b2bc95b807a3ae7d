package io.genstage.dataflow.internal;

import io.genstage.AskMode;
import io.genstage.CancelReason;
import io.genstage.ProducerConsumer;
import io.genstage.StageKind;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.internal.InternalApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API. One stage of a {@link Phase}: runs the phase's fused operations over each batch;
 * with a reducer, folds the events into its accumulator instead and emits it, through the
 * operations after the reducer, once all its producers have ended; with a windowed reducer, emits
 * each window's panes as its triggers fire and it closes.
 */
@InternalApi
public final class PhaseStage extends ProducerConsumer<Object, Object, Void> {
  private final Phase phase;
  private final Operation.Step head;
  private final Windowing windows; // null unless the reducer is windowed
  private final Operation.Step panes; // where a windowed reducer's panes go: the operations after it
  private List<Object> out; // the batch being built
  private Object accumulator;
  private long lateLogged;
  private boolean ticking;

  public PhaseStage(Phase phase) {
    this.phase = phase;
    Phase.Reducer reducer = phase.reducer();
    if (reducer == null) {
      windows = null;
      panes = null;
      head = Operation.chain(phase.before(), e -> out.add(e));
    } else if (reducer.windows() != null) {
      windows = reducer.windows().get();
      panes = Operation.chain(phase.after(), e -> out.add(e));
      head = Operation.chain(phase.before(), e -> windows.push(e, panes));
    } else {
      windows = null;
      panes = null;
      accumulator = reducer.initial().get();
      head = Operation.chain(phase.before(), e -> accumulator = reducer.step().apply(accumulator, e));
    }
  }

  @Override
  protected List<Object> handleEvents(List<Object> events, Subscription from) {
    boolean emits = phase.reducer() == null || windows != null;
    out = emits ? new ArrayList<>(events.size()) : null;
    for (Object e : events) {
      head.push(e);
    }
    List<Object> batch = out;
    out = null;
    if (windows != null && windows.lateDropped() > lateLogged) {
      // Nothing is lost silently: events for windows that had closed are counted.
      context().log().warn("Dataflow stage [{}] dropped [{}] events that arrived after their window had closed"
          + " ([{}] in all); allowedLateness keeps windows open longer", context().self().path(),
          windows.lateDropped() - lateLogged, windows.lateDropped());
      lateLogged = windows.lateDropped();
    }
    return batch == null ? List.of() : batch;
  }

  private enum Tick { WINDOW, TRIGGER }

  @Override
  protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
    if (windows != null && !ticking) {
      // Processing time counts from the first subscription: the stage's start, for its windows.
      ticking = true;
      schedule(Tick.WINDOW);
      schedule(Tick.TRIGGER);
    }
    return AskMode.AUTOMATIC;
  }

  private void schedule(Tick tick) {
    Duration every = tick == Tick.WINDOW ? windows.windowTick() : windows.triggerTick();
    if (every != null) {
      context().startSingleTimer(tick, tick, every);
    }
  }

  @Override
  protected List<Object> handleInfo(Object info) {
    if (!(info instanceof Tick tick) || windows == null) {
      return super.handleInfo(info);
    }
    out = new ArrayList<>();
    if (tick == Tick.WINDOW) {
      windows.windowTick(panes);
    } else {
      windows.triggerTick(panes);
    }
    schedule(tick);
    List<Object> batch = out;
    out = null;
    return batch;
  }

  @Override
  protected List<Object> handleInputEnd(CancelReason reason) {
    if (phase.reducer() == null) {
      return List.of();
    }
    if (windows != null) {
      out = new ArrayList<>();
      windows.end(panes);
      List<Object> batch = out;
      out = null;
      return batch;
    }
    List<Object> batch = new ArrayList<>();
    Operation.chain(phase.after(), batch::add).push(accumulator);
    accumulator = null;
    return batch;
  }
}
