package io.genstage.dataflow.internal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Props;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.ConsumerRef;
import io.genstage.DemandMode;
import io.genstage.GenStage;
import io.genstage.ProducerConsumerOptions;
import io.genstage.ProducerConsumerRef;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.StageRef;
import io.genstage.StageSpec;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.dispatch.DemandDispatcher;
import io.genstage.dispatch.DispatcherFactory;
import io.genstage.dispatch.PartitionDispatcher;
import io.genstage.internal.InternalApi;
import io.genstage.observe.SubscriptionStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * INTERNAL API. One run of a dataflow: spawns its stages as system actors, each layer subscribed to
 * the one before (by demand, or to one partition of each stage before), and a {@link Sink} after
 * the last. The source waits in {@link DemandMode#ACCUMULATE} until every subscription has reached
 * its producer, so that no stage can miss the end of a short input; then it forwards.
 */
@InternalApi
public final class Run {
  private static final AtomicLong RUNS = new AtomicLong();

  private final ActorSystem<?> system;
  private final String prefix;
  private final Props props;
  private int layers; // spawned so far, for the stages' names
  private final Map<ActorRef<?>, Set<ActorRef<?>>> expected = new LinkedHashMap<>(); // producer -> its consumers

  private Run(ActorSystem<?> system) {
    this.system = system;
    this.prefix = "dataflow-" + RUNS.incrementAndGet() + "-";
    String dispatcher = system.settings().config().getString("genstage.dispatcher");
    this.props = dispatcher.isEmpty() || dispatcher.equals("akka.actor.default-dispatcher")
        ? Props.empty() : DispatcherSelector.fromConfig(dispatcher);
  }

  /**
   * Starts a run of {@code plan}; the future holds what the last stages emitted (nothing unless
   * {@code collect}).
   */
  public static CompletableFuture<List<Object>> start(ActorSystem<?> system, Plan plan, boolean collect) {
    Run run = new Run(system);
    List<ProducerRef<Object, ?>> sources = new ArrayList<>();
    List<ProducerRef<Object, ?>> last = run.build(plan, sources);
    CompletableFuture<List<Object>> result = new CompletableFuture<>();
    ConsumerRef<Object, Void> sink = run.spawn(Stages.consumer(() -> new Sink(result, collect),
        subscriptions(last, SubscribeOptions.defaults().withCancel(CancelMode.LAST))), "sink");
    run.expect(last, sink);
    run.forwardOnceWired(sources, result::completeExceptionally);
    return result;
  }

  /**
   * Starts a run whose last stages feed one producer-consumer, {@code output}, returned at once:
   * consumers subscribe to it, it holds what they have not asked for, and it ends, after passing on
   * everything, once the run has ended.
   */
  public static ProducerRef<Object, Void> into(ActorSystem<?> system, Plan plan) {
    Run run = new Run(system);
    List<ProducerRef<Object, ?>> sources = new ArrayList<>();
    List<ProducerRef<Object, ?>> last = run.build(plan, sources);
    Phase identity = Phase.of(1, null);
    ProducerConsumerRef<Object, Object, Void> output = run.spawn(Stages.producerConsumer(() -> new PhaseStage(identity),
        subscriptions(last, SubscribeOptions.defaults().withCancel(CancelMode.LAST))), "output");
    run.expect(last, output);
    run.forwardOnceWired(sources, error -> GenStage.stop(system, output, CancelReason.failure(error)));
    return output;
  }

  /**
   * Spawns {@code plan}'s source (adding it to {@code sources}) and layers, or, for a merge, those of
   * each merged plan; returns its last layer.
   */
  @SuppressWarnings("unchecked")
  private List<ProducerRef<Object, ?>> build(Plan plan, List<ProducerRef<Object, ?>> sources) {
    List<ProducerRef<Object, ?>> first = new ArrayList<>();
    if (plan.stream() != null) {
      Supplier<? extends Stream<?>> stream = plan.stream();
      first.add(spawn(Stages.producer(() -> new Source(stream),
          ProducerOptions.defaults().withDemand(DemandMode.ACCUMULATE)), "source-" + sources.size()));
      sources.addAll(first);
    } else if (!plan.inputs().isEmpty()) {
      for (Plan input : plan.inputs()) {
        first.addAll(build(input, sources));
      }
    } else {
      for (ProducerRef<?, ?> p : plan.producers()) {
        first.add((ProducerRef<Object, ?>) p);
      }
      sources.addAll(first);
    }
    return layers(first, plan.phases());
  }

  /** Spawns the layers of {@code phases} after {@code layer}; returns the last. */
  private List<ProducerRef<Object, ?>> layers(List<ProducerRef<Object, ?>> layer, List<Phase> phases) {
    for (int p = 0; p < phases.size(); p++) {
      Phase phase = phases.get(p);
      Phase next = p + 1 < phases.size() ? phases.get(p + 1) : null;
      DispatcherFactory<Object> dispatcher = next != null && next.key() != null
          ? PartitionDispatcher.factory(next.stages(), partitionOf(next)) : DemandDispatcher.factory();
      List<ProducerRef<Object, ?>> stages = new ArrayList<>();
      for (int i = 0; i < phase.stages(); i++) {
        SubscribeOptions<Object> options = SubscribeOptions.defaults().withCancel(CancelMode.LAST);
        if (phase.key() != null) {
          options = options.withPartition(i);
        }
        ProducerConsumerRef<Object, Object, Void> stage = spawn(Stages.producerConsumer(() -> new PhaseStage(phase),
            ProducerConsumerOptions.defaults().withDispatcher(dispatcher), subscriptions(layer, options)), layers + "-" + i);
        expect(layer, stage);
        stages.add(stage);
      }
      layer = stages;
      layers++;
    }
    return layer;
  }

  /** Once every subscription has reached its producer, switches the sources that accumulate to forward. */
  private void forwardOnceWired(List<ProducerRef<Object, ?>> sources, java.util.function.Consumer<Throwable> failed) {
    Duration timeout = system.settings().config().getDuration("genstage.ask-timeout");
    wired(System.nanoTime() + timeout.toNanos()).whenComplete((done, error) -> {
      if (error != null) {
        failed.accept(error);
        return;
      }
      for (ProducerRef<Object, ?> source : sources) {
        // A producer-consumer has no demand mode of its own: only a producer that accumulates is switched.
        GenStage.demandMode(system, source).thenAccept(mode -> {
          if (mode == DemandMode.ACCUMULATE) {
            GenStage.setDemandMode(source, DemandMode.FORWARD);
          }
        });
      }
    });
  }

  private static java.util.function.Function<Object, Object> partitionOf(Phase next) {
    int n = next.stages();
    java.util.function.Function<Object, Object> key = next.key();
    return e -> Math.floorMod(Objects.hashCode(key.apply(e)), n);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static SubscribeTo<Object>[] subscriptions(List<ProducerRef<Object, ?>> producers, SubscribeOptions<Object> options) {
    SubscribeTo[] out = new SubscribeTo[producers.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = SubscribeTo.of(producers.get(i), options);
    }
    return out;
  }

  private void expect(List<ProducerRef<Object, ?>> producers, StageRef<?> consumer) {
    for (ProducerRef<Object, ?> p : producers) {
      expected.computeIfAbsent(p.actor(), k -> new HashSet<>()).add(consumer.actor());
    }
  }

  private <R extends StageRef<C>, C> R spawn(StageSpec<R, C> spec, String name) {
    return spec.ref(system.systemActorOf(spec.behavior(), prefix + name, props));
  }

  /** Completes once every producer has every subscription the run made to it. */
  private CompletionStage<Void> wired(long deadline) {
    List<CompletableFuture<Boolean>> checks = new ArrayList<>();
    for (Map.Entry<ActorRef<?>, Set<ActorRef<?>>> e : expected.entrySet()) {
      @SuppressWarnings("unchecked")
      ActorRef<Object> actor = (ActorRef<Object>) e.getKey();
      StageRef<Object> producer = () -> actor;
      checks.add(GenStage.stats(system, producer).toCompletableFuture().thenApply(s -> {
        Set<ActorRef<?>> peers = new HashSet<>();
        for (SubscriptionStats sub : s.consumers()) {
          peers.add(sub.peer());
        }
        return peers.containsAll(e.getValue());
      }).exceptionally(gone -> true)); // it has ended: its consumers hear how, and the run goes on or fails by that
    }
    return CompletableFuture.allOf(checks.toArray(new CompletableFuture<?>[0])).thenCompose(all -> {
      if (checks.stream().allMatch(CompletableFuture::join)) {
        return CompletableFuture.completedFuture(null);
      }
      if (System.nanoTime() > deadline) {
        return CompletableFuture.failedFuture(new TimeoutException(
            "the dataflow's stages did not all subscribe within genstage.ask-timeout"));
      }
      return wired(deadline);
    });
  }
}
