package io.genstage.dataflow.internal;

import io.genstage.internal.InternalApi;

/**
 * INTERNAL API. A windowed reducer's state in one stage: it folds each event into its window's
 * accumulator and pushes panes to {@code out} as triggers fire and windows close.
 */
@InternalApi
public interface Windowing {
  void push(Object event, Operation.Step out);

  /** The input ended: every open window closes, in order. */
  void end(Operation.Step out);

  /** Events dropped so far because their window had closed. */
  long lateDropped();

  /** How often {@link #windowTick} runs: a processing-time window's period; null if never. */
  java.time.Duration windowTick();

  /** A period of processing time has passed: its window closes. */
  void windowTick(Operation.Step out);

  /** How often {@link #triggerTick} runs: a periodic trigger's period; null if never. */
  java.time.Duration triggerTick();

  /** A periodic trigger fires: every open window emits its accumulator so far. */
  void triggerTick(Operation.Step out);
}
