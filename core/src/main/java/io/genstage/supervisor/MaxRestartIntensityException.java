package io.genstage.supervisor;

/**
 * The reason a {@link DynamicSupervisor} stops when its children restart more often than its
 * options allow: its parent sees it fail with this as the cause.
 */
public final class MaxRestartIntensityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MaxRestartIntensityException(int maxRestarts, int maxSeconds) {
    super("reached max restart intensity: more than " + maxRestarts + " restarts within " + maxSeconds + " seconds");
  }
}
