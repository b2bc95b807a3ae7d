package io.genstage.micrometer;

import akka.Done;
import akka.actor.Cancellable;
import akka.actor.typed.ActorSystem;
import io.genstage.StageRef;
import io.genstage.observe.Topology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters for every stage reachable from a few roots. Each refresh walks the pipeline
 * ({@link Topology#walk}) and sets the meters from the snapshots found: a stage that appeared gets
 * its meters, and the meters of a stage or subscription no longer found (it stopped, or did not
 * answer within {@code genstage.ask-timeout}) are removed from the registry.
 *
 * <pre>{@code
 * StageMetrics metrics = StageMetrics.of(system, List.of(numbers))
 *     .withRefreshInterval(Duration.ofSeconds(5));
 * metrics.bindTo(registry);          // registers, refreshes now, then every 5 s
 * // ...
 * metrics.close();                   // stops refreshing, removes its meters
 * }</pre>
 *
 * <table>
 * <caption>The meters</caption>
 * <tr><th>Name</th><th>Type</th><th>Tags</th><th>Value</th></tr>
 * <tr><td>{@code genstage.stage.events.in}</td><td>FunctionCounter</td><td>stage, kind</td>
 *     <td>events that arrived from producers</td></tr>
 * <tr><td>{@code genstage.stage.events.out}</td><td>FunctionCounter</td><td>stage, kind</td>
 *     <td>events sent to consumers (a broadcast to four counts four times)</td></tr>
 * <tr><td>{@code genstage.stage.buffered}</td><td>Gauge</td><td>stage, kind</td>
 *     <td>events in the output buffer, waiting for demand</td></tr>
 * <tr><td>{@code genstage.stage.buffer.high.water.mark}</td><td>Gauge</td><td>stage, kind</td>
 *     <td>the most events the output buffer has held at once</td></tr>
 * <tr><td>{@code genstage.stage.queued.input}</td><td>Gauge</td><td>stage, kind</td>
 *     <td>a producer-consumer's received events waiting for its consumers' demand</td></tr>
 * <tr><td>{@code genstage.stage.discarded}</td><td>FunctionCounter</td><td>stage, kind</td>
 *     <td>events the full output buffer discarded</td></tr>
 * <tr><td>{@code genstage.subscription.demand.pending}</td><td>Gauge</td>
 *     <td>stage, kind, peer, direction</td><td>events asked for and not yet sent or arrived</td></tr>
 * <tr><td>{@code genstage.subscription.events}</td><td>FunctionCounter</td>
 *     <td>stage, kind, peer, direction</td><td>events sent or arrived on the subscription</td></tr>
 * <tr><td>{@code genstage.subscription.stalled}</td><td>Gauge</td>
 *     <td>stage, kind, peer, direction</td><td>1 while the stall detector reports it, else 0</td></tr>
 * </table>
 *
 * <p>Tags: {@code stage} is the stage's actor path without its address ({@code /user/numbers});
 * {@code kind} is {@code producer}, {@code producer_consumer} or {@code consumer}; {@code peer} is
 * the path of the stage at the subscription's other end; {@code direction} is {@code upstream} for
 * the stage's subscriptions to its producers and {@code downstream} for its consumers'. A
 * subscription found from both its ends has meters on each. Subscriptions with the same tags add
 * up (the stall gauge is 1 if any is stalled), as do stages of one path on different nodes (the
 * high-water mark is the highest). Counters count since the stage's current incarnation started.
 *
 * <p>Refreshes run on the actor system's scheduler, each {@code every} after the previous one ended;
 * a refresh that fails keeps the last values and logs at debug. No thread of its own is started.
 */
public final class StageMetrics implements MeterBinder, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StageMetrics.class);
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final ActorSystem<?> system;
  private final List<StageRef<?>> roots;
  private final Duration interval;

  // Guarded by this.
  private final Registrations registrations = new Registrations();
  private long started;
  private long applied;
  private boolean polling;
  private boolean closed;
  private Cancellable next;

  private StageMetrics(ActorSystem<?> system, List<StageRef<?>> roots, Duration interval) {
    this.system = system;
    this.roots = roots;
    this.interval = interval;
  }

  /**
   * Meters for every stage reachable from {@code roots}, refreshed every 10 seconds once bound.
   * Each refresh walks again, so stages that appear later are metered too.
   *
   * @param system the actor system the stages run in; its scheduler runs the refreshes
   * @param roots where each walk starts: any stages of the pipelines to meter
   * @return the binder, not yet bound
   * @throws NullPointerException when {@code system}, {@code roots} or one of the roots is null
   */
  public static StageMetrics of(ActorSystem<?> system, Collection<? extends StageRef<?>> roots) {
    Objects.requireNonNull(system, "system");
    List<StageRef<?>> copy = new ArrayList<>();
    for (StageRef<?> root : Objects.requireNonNull(roots, "roots")) {
      copy.add(Objects.requireNonNull(root, "roots must not hold null"));
    }
    return new StageMetrics(system, List.copyOf(copy), DEFAULT_INTERVAL);
  }

  /**
   * A copy of this binder, not yet bound, that refreshes every {@code every}.
   *
   * @param every the delay between the end of one refresh and the start of the next
   * @return the new binder
   * @throws IllegalArgumentException when {@code every} is null, zero or negative
   */
  public StageMetrics withRefreshInterval(Duration every) {
    if (every == null || every.isZero() || every.isNegative()) {
      throw new IllegalArgumentException("refresh interval must be > 0, got: " + every);
    }
    return new StageMetrics(system, roots, every);
  }

  /**
   * Registers the meters in {@code registry}. The first registry bound starts the refreshes: one at
   * once, then one each interval. A binder may be bound to several registries; all show the same
   * values.
   *
   * @param registry where the meters go
   * @throws IllegalStateException when this binder was closed
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("StageMetrics was closed");
      }
      registrations.bind(registry);
      if (polling) {
        return;
      }
      polling = true;
    }
    poll();
  }

  /**
   * Walks the pipeline now and updates the meters, whether or not the binder is bound (the meters
   * of a later bind start from these values). After {@link #close} it does nothing.
   *
   * @return done once the meters show the walk; failed if the walk failed, the last values kept
   */
  public CompletionStage<Done> refresh() {
    long generation;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.completedFuture(Done.done());
      }
      generation = ++started;
    }
    CompletionStage<Topology> walk;
    try {
      walk = Topology.walk(system, roots);
    } catch (RuntimeException e) { // a terminated system refuses the asks
      walk = CompletableFuture.failedFuture(e);
    }
    return walk.thenApply(topology -> {
      apply(generation, Readings.of(topology));
      return Done.done();
    }).whenComplete((done, error) -> {
      if (error != null) {
        log.debug("Stage metrics not refreshed, the last values kept", error);
      }
    });
  }

  /**
   * Stops the refreshes and removes every meter this binder registered, from every registry.
   * Closing twice does nothing more.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (next != null) {
      next.cancel();
    }
    registrations.clear();
  }

  private synchronized void apply(long generation, Map<MeterKey, long[]> readings) {
    // A slow walk that ends after a later one must not bring back what that one saw gone.
    if (closed || generation <= applied) {
      return;
    }
    applied = generation;
    registrations.update(readings);
  }

  private void poll() {
    refresh().whenComplete((done, error) -> scheduleNext());
  }

  /** Fixed delay from the end of a refresh, so that slow walks never pile up. */
  private synchronized void scheduleNext() {
    if (closed) {
      return;
    }
    try {
      next = system.scheduler().scheduleOnce(interval, this::poll, system.executionContext());
    } catch (RuntimeException e) { // the system is terminating
      log.debug("Stage metrics no longer refreshed", e);
    }
  }
}
