package io.genstage.bench;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The actor systems the benchmarks run in, and the few helpers they share.
 *
 * <p><b>{@value #TUNED}</b> (every benchmark but one row of {@link AkkaConfigBenchmark}): Akka's
 * defaults with the default dispatcher sized to this machine's 2 cores:
 *
 * <pre>
 * akka.actor.default-dispatcher {
 *   executor = "fork-join-executor"
 *   fork-join-executor { parallelism-min = 2, parallelism-factor = 1.0, parallelism-max = 2 }
 *   throughput = 100
 * }
 * </pre>
 *
 * <p>Akka's own defaults are {@code parallelism-min = 8}, {@code parallelism-factor = 1.0},
 * {@code parallelism-max = 64} and {@code throughput = 5}: 8 threads even on 2 cores, and an actor
 * gives its thread up after 5 messages. <b>{@value #DEFAULT}</b> keeps them, so that
 * {@link AkkaConfigBenchmark} can show whether the tuning matters.
 *
 * <p>Both add only logging settings: warnings and above, through SLF4J (logback at WARN), and no
 * dead-letter logging (stages stopped at the end of an invocation may leave a few).
 */
public final class BenchSystem {
  private BenchSystem() {}

  // Initialise logging before Akka starts its threads (avoids SLF4J's "replayed calls" notice).
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BenchSystem.class);

  /** The dispatcher sized to 2 cores; what every benchmark uses. */
  public static final String TUNED = "tuned";
  /** Akka's default dispatcher settings. */
  public static final String DEFAULT = "default";

  /** How long an invocation may take before it is reported as hung. */
  static final Duration INVOCATION_TIMEOUT = Duration.ofMinutes(10);

  static final String LOGGING = String.join("\n",
      "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]",
      "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"",
      "akka.loglevel = WARNING",
      "akka.stdout-loglevel = WARNING",
      "akka.log-dead-letters = off",
      "akka.log-dead-letters-during-shutdown = off");

  static final String TUNED_DISPATCHER = String.join("\n",
      "akka.actor.default-dispatcher {",
      "  executor = \"fork-join-executor\"",
      "  fork-join-executor { parallelism-min = 2, parallelism-factor = 1.0, parallelism-max = 2 }",
      "  throughput = 100",
      "}",
      // The stages run on it too, as every benchmark measured them before the library had a dispatcher.
      "genstage.dispatcher = \"akka.actor.default-dispatcher\"");

  /** The configuration of {@code mode}: {@link #TUNED} or {@link #DEFAULT}. */
  public static Config config(String mode) {
    String overrides = switch (mode) {
      case TUNED -> LOGGING + "\n" + TUNED_DISPATCHER;
      case DEFAULT -> LOGGING;
      default -> throw new IllegalArgumentException("unknown Akka configuration: " + mode);
    };
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load()).resolve();
  }

  /** An actor system with an empty guardian, configured as {@code mode}. */
  public static ActorSystem<Void> create(String name, String mode) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, config(mode));
    LOG.debug("{} ({}): {}", name, mode, describe(system));
    return system;
  }

  /** Terminates {@code system} and waits for it. */
  public static void terminate(ActorSystem<?> system) {
    if (system == null) {
      return;
    }
    system.terminate();
    await(system.getWhenTerminated().toCompletableFuture());
  }

  /** The dispatcher settings {@code system} runs with, in one line (for reports). */
  public static String describe(ActorSystem<?> system) {
    Config d = system.settings().config().getConfig("akka.actor.default-dispatcher");
    return "default-dispatcher: executor=" + d.getString("executor")
        + " fork-join parallelism min/factor/max=" + d.getInt("fork-join-executor.parallelism-min")
        + "/" + d.getDouble("fork-join-executor.parallelism-factor")
        + "/" + d.getInt("fork-join-executor.parallelism-max")
        + " throughput=" + d.getInt("throughput");
  }

  /** Waits for {@code future}, failing after {@link #INVOCATION_TIMEOUT}. */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(INVOCATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("benchmark pipeline failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("benchmark pipeline did not finish within " + INVOCATION_TIMEOUT, e);
    }
  }
}
