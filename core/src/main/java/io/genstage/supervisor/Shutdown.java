package io.genstage.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DynamicSupervisor} stops a child: when it is terminated on request, and when the
 * supervisor itself stops.
 *
 * @param timeout zero to stop the child at once; otherwise how long the child may take to finish
 *     on its own before it is stopped
 */
public record Shutdown(Duration timeout) {

  /** Stop the child at once. */
  public static final Shutdown IMMEDIATE = new Shutdown(Duration.ZERO);

  /** @throws IllegalArgumentException when {@code timeout} is negative */
  public Shutdown {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("shutdown timeout must be >= 0, got: " + timeout);
    }
  }

  /** Let the child finish on its own for up to {@code timeout}, then stop it. */
  public static Shutdown within(Duration timeout) {
    return new Shutdown(timeout);
  }
}
