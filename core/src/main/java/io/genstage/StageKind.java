package io.genstage;

/** The three kinds of stage. */
public enum StageKind {
  /** Emits events against demand. */
  PRODUCER,
  /** Receives events from producers and emits events to consumers. */
  PRODUCER_CONSUMER,
  /** Receives events from producers. */
  CONSUMER
}
