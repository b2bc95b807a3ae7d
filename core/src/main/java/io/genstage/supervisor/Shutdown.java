package io.genstage.supervisor;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * How a {@link DynamicSupervisor} stops a child: when it is terminated on request, and when the
 * supervisor itself stops. Unless it is {@link #IMMEDIATE}, the child is first sent the template's
 * {@linkplain ChildSpec#withShutdownNotice shutdown notice}, if it has one, and then given time to
 * stop on its own.
 *
 * @param timeout zero to stop the child at once; {@link ChronoUnit#FOREVER}'s duration
 *     ({@link #INFINITY}) to wait for it without a limit; otherwise how long the child may take to
 *     finish on its own before it is stopped
 */
public record Shutdown(Duration timeout) {

  /** Stop the child at once (OTP's {@code :brutal_kill}). It is sent no notice. */
  public static final Shutdown IMMEDIATE = new Shutdown(Duration.ZERO);

  /**
   * Wait for the child to stop on its own, however long it takes (OTP's {@code :infinity}), for
   * children that must finish their work. Such a child should stop on its shutdown notice (see
   * {@link ChildSpec#withShutdownNotice}), or the supervisor waits for it to finish on its own; a stop
   * by the supervisor's parent (or the actor system ending) still stops it at once.
   */
  public static final Shutdown INFINITY = new Shutdown(ChronoUnit.FOREVER.getDuration());

  /**
   * A shutdown with {@code timeout}; {@link #IMMEDIATE}, {@link #INFINITY} and {@link #within}
   * name the usual ones.
   *
   * @param timeout zero, {@code ChronoUnit.FOREVER}'s duration, or how long to wait; not null
   * @throws IllegalArgumentException when {@code timeout} is negative
   */
  public Shutdown {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("shutdown timeout must be >= 0, got: " + timeout);
    }
  }

  /**
   * Let the child finish on its own for up to {@code timeout}, then stop it.
   *
   * @param timeout how long the child may take; zero is {@link #IMMEDIATE}
   * @return the shutdown
   * @throws IllegalArgumentException when {@code timeout} is negative
   */
  public static Shutdown within(Duration timeout) {
    return new Shutdown(timeout);
  }

  /**
   * Whether this is {@link #INFINITY}: no time limit.
   *
   * @return {@code true} when the timeout is {@code ChronoUnit.FOREVER}'s duration
   */
  public boolean isInfinite() {
    return timeout.equals(INFINITY.timeout);
  }

  /** {@code Shutdown.IMMEDIATE}, {@code Shutdown.INFINITY} or {@code Shutdown.within(PT5S)}. */
  @Override
  public String toString() {
    if (timeout.isZero()) {
      return "Shutdown.IMMEDIATE";
    }
    return isInfinite() ? "Shutdown.INFINITY" : "Shutdown.within(" + timeout + ")";
  }
}
