package io.genstage;

/** How a producer treats demand from its consumers. */
public enum DemandMode implements io.genstage.protocol.WireMessage {
  /** Demand reaches {@code handleDemand} as it arrives. The default. */
  FORWARD,
  /**
   * Demand and the events that would be dispatched are recorded, in arrival order, and replayed
   * when the producer switches to {@link #FORWARD}. Use it to subscribe every consumer before the
   * first event flows.
   */
  ACCUMULATE
}
