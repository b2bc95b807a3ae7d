package io.genstage.supervisor;

/** When a {@link DynamicSupervisor} restarts a child that stopped. */
public enum Restart {
  /** Always, whether it stopped normally or failed. Not allowed for children started per event. */
  PERMANENT,
  /** Only when it failed; a normal stop ends it. */
  TRANSIENT,
  /** Never. */
  TEMPORARY
}
