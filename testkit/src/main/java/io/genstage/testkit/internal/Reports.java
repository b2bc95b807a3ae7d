package io.genstage.testkit.internal;

import akka.actor.testkit.typed.TestKitSettings;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorSystem;
import io.genstage.internal.InternalApi;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * INTERNAL API. A probe's reports, read in order: each read waits at most the testkit's
 * {@code single-expect-default} (dilated), and a failure names the probe and what was expected.
 */
@InternalApi
public final class Reports {
  private final TestProbe<ProbeReport> probe;
  private final Duration timeout;
  private String name = "?";

  public Reports(ActorSystem<?> system) {
    this.probe = TestProbe.create(system);
    TestKitSettings settings = TestKitSettings.create(system);
    this.timeout = settings.dilated(Duration.ofNanos(settings.SingleExpectDefaultTimeout().toNanos()));
  }

  public TestProbe<ProbeReport> probe() {
    return probe;
  }

  /** Names the probe in failures: its stage's path. */
  public void name(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public Duration timeout() {
    return timeout;
  }

  /** The next report; fails if none arrives in time, saying what was {@code expected}. */
  public ProbeReport next(String expected) {
    try {
      return probe.receiveMessage(timeout);
    } catch (AssertionError timedOut) {
      throw fail("expected " + expected + " within " + millis(timeout) + ", got nothing");
    }
  }

  /** The next report if one arrives within {@code wait}, else null. */
  public ProbeReport poll(Duration wait) {
    try {
      return probe.receiveMessage(wait);
    } catch (AssertionError timedOut) {
      return null;
    }
  }

  public AssertionError fail(String message) {
    return new AssertionError(name + ": " + message);
  }

  /** The value of {@code stage}, awaited for at most the timeout; a failure names {@code what}. */
  public <V> V await(CompletionStage<V> stage, String what) {
    try {
      return stage.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      AssertionError error = fail("could not " + what + ": " + e.getCause());
      error.initCause(e.getCause());
      throw error;
    } catch (TimeoutException e) {
      throw fail("could not " + what + " within " + millis(timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("interrupted while waiting to " + what);
    }
  }

  public static String millis(Duration d) {
    return d.toMillis() + " ms";
  }
}
