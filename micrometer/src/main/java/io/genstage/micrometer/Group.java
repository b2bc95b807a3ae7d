package io.genstage.micrometer;

import java.util.List;

/**
 * The two groups of meters: each stage's, and each of its subscriptions'. A group's values are
 * one {@code long[]}, in the order of its meters.
 */
enum Group {
  STAGE(
      new Spec("genstage.stage.events.in", true, false, "Events that arrived from producers"),
      new Spec("genstage.stage.events.out", true, false, "Events sent to consumers"),
      new Spec("genstage.stage.buffered", false, false, "Events in the output buffer, waiting for demand"),
      new Spec("genstage.stage.buffer.high.water.mark", false, true, "The most events the output buffer has held"),
      new Spec("genstage.stage.queued.input", false, false, "Received events waiting for the consumers' demand"),
      new Spec("genstage.stage.discarded", true, false, "Events the full output buffer discarded")),
  SUBSCRIPTION(
      new Spec("genstage.subscription.demand.pending", false, false, "Events asked for and not yet sent or arrived"),
      new Spec("genstage.subscription.events", true, false, "Events sent or arrived on the subscription"),
      new Spec("genstage.subscription.stalled", false, true, "1 while the stall detector reports it, else 0"));

  /**
   * One meter of a group.
   *
   * @param counter a FunctionCounter (a monotonic count) rather than a Gauge
   * @param max whether values under the same tags combine as their maximum rather than their sum
   */
  record Spec(String name, boolean counter, boolean max, String description) {}

  final List<Spec> meters;

  Group(Spec... meters) {
    this.meters = List.of(meters);
  }

  /** Two readings under the same tags (two stages of one path on two nodes, or two subscriptions) as one. */
  long[] merge(long[] a, long[] b) {
    long[] out = new long[a.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = meters.get(i).max() ? Math.max(a[i], b[i]) : a[i] + b[i];
    }
    return out;
  }
}
