package io.genstage.supervisor;

/**
 * How many children a {@link DynamicSupervisor} has, as {@link DynamicSupervisor#countChildren}
 * reports them. GenStage's {@code count_children} answers a map keyed {@code specs}, {@code active},
 * {@code workers} and {@code supervisors}; the first three are accessors here under those names.
 * There is no {@code supervisors()}: a {@link ChildSpec} has no child type, so every child counts as
 * a worker.
 *
 * @param active children running now (GenStage's {@code active}): {@code total - restarting}
 * @param total every child, running or being restarted; the same as {@link #workers()}
 * @param restarting children whose restart failed and is being retried: they have no actor now
 *     but are still children (they keep their demand slot, and count toward {@code total})
 */
public record ChildCounts(int active, int total, int restarting) {

  /**
   * Counts as a supervisor reports them.
   *
   * @param active children running now; at least 0
   * @param total every child; at least 0
   * @param restarting children being restarted; at least 0
   * @throws IllegalArgumentException when a count is negative or {@code active + restarting} is not
   *     {@code total}
   */
  public ChildCounts {
    if (active < 0 || total < 0 || restarting < 0) {
      throw new IllegalArgumentException("ChildCounts: counts must be >= 0, got active " + active + ", total "
          + total + ", restarting " + restarting);
    }
    if (active + restarting != total) {
      throw new IllegalArgumentException("ChildCounts: active (" + active + ") + restarting (" + restarting
          + ") must equal total (" + total + ")");
    }
  }

  /**
   * The number of child templates: always 1 (GenStage's {@code specs}).
   *
   * @return 1
   */
  public int specs() {
    return 1;
  }

  /**
   * Every child, running or being restarted (GenStage's {@code workers}): {@link #total()}.
   *
   * @return the number of children
   */
  public int workers() {
    return total;
  }
}
