package io.genstage.supervisor;

/**
 * Options of a {@link DynamicSupervisor}, validated when built. Start from {@link #defaults()}.
 *
 * @param maxRestarts with {@code maxSeconds}, the restart intensity: more than {@code maxRestarts}
 *     restarts within {@code maxSeconds} seconds stop the supervisor. At least 0; default 3.
 * @param maxSeconds the intensity window in whole seconds; at least 1 (0 is refused, as OTP refuses
 *     it); default 5.
 * @param maxChildren the most children started on request ({@link DynamicSupervisor#startChild})
 *     that may run at once; at least 0; default {@link #UNLIMITED}. Children started per event are
 *     bounded by demand instead.
 */
public record SupervisorOptions(int maxRestarts, int maxSeconds, int maxChildren) {

  /** No bound on children started on request. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  private static final SupervisorOptions DEFAULTS = new SupervisorOptions(3, 5, UNLIMITED);

  /**
   * Options with every value given; see the record's components.
   *
   * @param maxRestarts the most restarts within {@code maxSeconds}; at least 0
   * @param maxSeconds the intensity window in seconds; at least 1
   * @param maxChildren the most children started on request at once; at least 0
   * @throws IllegalArgumentException when a value is below its bound
   */
  public SupervisorOptions {
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("maxRestarts must be >= 0, got: " + maxRestarts);
    }
    if (maxSeconds < 1) {
      throw new IllegalArgumentException("maxSeconds must be >= 1, got: " + maxSeconds);
    }
    if (maxChildren < 0) {
      throw new IllegalArgumentException("maxChildren must be >= 0, got: " + maxChildren);
    }
  }

  /**
   * 3 restarts in 5 seconds, no bound on children started on request.
   *
   * @return the default options
   */
  public static SupervisorOptions defaults() {
    return DEFAULTS;
  }

  /**
   * These options with {@code maxRestarts} set: more restarts than this within {@code maxSeconds}
   * stop the supervisor.
   *
   * @param maxRestarts at least 0; 0 stops the supervisor at the first restart
   * @return new options; these are unchanged
   * @throws IllegalArgumentException when {@code maxRestarts < 0}
   */
  public SupervisorOptions withMaxRestarts(int maxRestarts) {
    return new SupervisorOptions(maxRestarts, maxSeconds, maxChildren);
  }

  /**
   * These options with the intensity window set.
   *
   * @param maxSeconds the window in whole seconds; at least 1
   * @return new options; these are unchanged
   * @throws IllegalArgumentException when {@code maxSeconds < 1}
   */
  public SupervisorOptions withMaxSeconds(int maxSeconds) {
    return new SupervisorOptions(maxRestarts, maxSeconds, maxChildren);
  }

  /**
   * These options with the bound on children started on request set; children started per event
   * are bounded by demand instead.
   *
   * @param maxChildren the most children started on request that may run at once; at least 0,
   *     {@link #UNLIMITED} for no bound
   * @return new options; these are unchanged
   * @throws IllegalArgumentException when {@code maxChildren < 0}
   */
  public SupervisorOptions withMaxChildren(int maxChildren) {
    return new SupervisorOptions(maxRestarts, maxSeconds, maxChildren);
  }
}
