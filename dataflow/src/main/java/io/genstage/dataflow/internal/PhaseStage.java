package io.genstage.dataflow.internal;

import io.genstage.CancelReason;
import io.genstage.ProducerConsumer;
import io.genstage.Subscription;
import io.genstage.internal.InternalApi;
import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API. One stage of a {@link Phase}: runs the phase's fused operations over each batch;
 * with a reducer, folds the events into its accumulator instead and emits it, through the
 * operations after the reducer, once all its producers have ended.
 */
@InternalApi
public final class PhaseStage extends ProducerConsumer<Object, Object, Void> {
  private final Phase phase;
  private final Operation.Step head;
  private List<Object> out; // the batch being built
  private Object accumulator;

  public PhaseStage(Phase phase) {
    this.phase = phase;
    if (phase.reducer() == null) {
      head = Operation.chain(phase.before(), e -> out.add(e));
    } else {
      accumulator = phase.reducer().initial().get();
      head = Operation.chain(phase.before(), e -> accumulator = phase.reducer().step().apply(accumulator, e));
    }
  }

  @Override
  protected List<Object> handleEvents(List<Object> events, Subscription from) {
    out = phase.reducer() == null ? new ArrayList<>(events.size()) : null;
    for (Object e : events) {
      head.push(e);
    }
    List<Object> batch = out;
    out = null;
    return batch == null ? List.of() : batch;
  }

  @Override
  protected List<Object> handleInputEnd(CancelReason reason) {
    if (phase.reducer() == null) {
      return List.of();
    }
    List<Object> batch = new ArrayList<>();
    Operation.chain(phase.after(), batch::add).push(accumulator);
    accumulator = null;
    return batch;
  }
}
