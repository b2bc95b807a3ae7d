package io.genstage.supervisor;

/**
 * How many children a {@link DynamicSupervisor} has.
 *
 * @param active children running now
 * @param total all children, including those being restarted
 * @param restarting children whose restart failed and is being retried
 */
public record ChildCounts(int active, int total, int restarting) {}
