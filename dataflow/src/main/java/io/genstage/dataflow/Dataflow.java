package io.genstage.dataflow;

import akka.Done;
import akka.actor.typed.ActorSystem;
import io.genstage.ProducerRef;
import io.genstage.dataflow.internal.Operation;
import io.genstage.dataflow.internal.Phase;
import io.genstage.dataflow.internal.Plan;
import io.genstage.dataflow.internal.Run;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A parallel computation over a stream of events, run on stages: per-event operations fused into
 * one stage, copies of that stage side by side ({@link #stages}), events routed by key to the stage
 * that owns the key ({@link #partition}), and a per-stage accumulator ({@link #reduce}). Nothing
 * runs until {@link #toList} or {@link #run}; each run starts its own stages, so a dataflow can run
 * any number of times, each independently of the others.
 *
 * <pre>{@code
 * Map<String, Long> counts = new HashMap<>();
 * Dataflow.fromStream(() -> Files.lines(file))
 *     .flatMap(line -> List.of(line.split(" ")))
 *     .partition(word -> word, 2)                      // each word to one of 2 stages
 *     .reduce(HashMap<String, Long>::new, (c, word) -> { c.merge(word, 1L, Long::sum); return c; })
 *     .flatMap(Map::entrySet)                          // each stage's counts, once its input ended
 *     .toList(system)
 *     .thenAccept(entries -> entries.forEach(e -> counts.put(e.getKey(), e.getValue())));
 * }</pre>
 *
 * <p>The events move by demand, as between any stages: a source is read only as fast as the stages
 * after it ask, so memory is bounded by the demand (1000 events per subscription) and by what the
 * reducers hold, never by the input's length. Operations run on the stage's actor, one event at a
 * time, and must not block for long. Each builder method returns a new dataflow; this one is
 * unchanged.
 *
 * <p>Guide: docs/dataflow.md.
 *
 * @param <T> the events at this point of the dataflow
 */
public final class Dataflow<T> {

  private final Supplier<? extends Stream<?>> stream; // null: from producers, or from other dataflows
  private final List<ProducerRef<?, ?>> producers;
  private final List<Dataflow<?>> inputs; // merged dataflows, each run into a producer per run
  private final List<Phase> phases; // the last is the one the builder adds to

  private Dataflow(Supplier<? extends Stream<?>> stream, List<ProducerRef<?, ?>> producers, List<Dataflow<?>> inputs,
      List<Phase> phases) {
    this.stream = stream;
    this.producers = producers;
    this.inputs = inputs;
    this.phases = List.copyOf(phases);
  }

  // ---------------------------------------------------------------- sources

  /**
   * A dataflow over the elements of {@code items}, iterated once per run.
   *
   * @param <T> the events
   * @param items the events; not null
   * @return the dataflow
   */
  public static <T> Dataflow<T> from(Iterable<? extends T> items) {
    Objects.requireNonNull(items, "items");
    return fromStream(() -> java.util.stream.StreamSupport.stream(items.spliterator(), false));
  }

  /**
   * A dataflow over the elements of the stream {@code stream} supplies, asked for once per run; the
   * stream is read as the stages ask and closed when the run's source stops.
   *
   * @param <T> the events
   * @param stream supplies a new stream for each run; not null
   * @return the dataflow
   */
  public static <T> Dataflow<T> fromStream(Supplier<? extends Stream<? extends T>> stream) {
    Objects.requireNonNull(stream, "stream");
    return new Dataflow<>(stream, List.of(), List.of(), List.of());
  }

  /**
   * A dataflow over the events of running producers: each stage of the first layer subscribes to
   * every one of them, and a run ends once they have all ended. A producer started in
   * {@link io.genstage.DemandMode#ACCUMULATE} is switched to forward once every stage has
   * subscribed, so that none misses its first events or its end; start a finite producer so (a
   * forwarding one serves the first stage to subscribe, and may end before the others have).
   *
   * @param <T> the events
   * @param producers the producers; at least one
   * @return the dataflow
   * @throws IllegalArgumentException when {@code producers} is empty
   */
  public static <T> Dataflow<T> fromProducers(Collection<? extends ProducerRef<? extends T, ?>> producers) {
    Objects.requireNonNull(producers, "producers");
    if (producers.isEmpty()) {
      throw new IllegalArgumentException("producers must not be empty");
    }
    List<ProducerRef<?, ?>> copy = new ArrayList<>();
    for (ProducerRef<? extends T, ?> p : producers) {
      copy.add(Objects.requireNonNull(p, "producers must not hold null"));
    }
    return new Dataflow<>(null, List.copyOf(copy), List.of(), List.of());
  }

  /**
   * One dataflow of the events of all of {@code flows}: each run runs the stages of each of them
   * and feeds their last stages' events, in whatever order they come, to the operations that
   * follow. It ends once they have all ended.
   *
   * @param <T> the events
   * @param flows the dataflows to merge; at least one
   * @return the dataflow
   * @throws IllegalArgumentException when {@code flows} is empty
   */
  public static <T> Dataflow<T> merge(List<? extends Dataflow<? extends T>> flows) {
    Objects.requireNonNull(flows, "flows");
    if (flows.isEmpty()) {
      throw new IllegalArgumentException("flows must not be empty");
    }
    List<Dataflow<?>> copy = new ArrayList<>();
    for (Dataflow<? extends T> f : flows) {
      copy.add(Objects.requireNonNull(f, "flows must not hold null"));
    }
    return new Dataflow<>(null, List.of(), List.copyOf(copy), List.of());
  }

  // ---------------------------------------------------------------- operations, fused into the current stages

  /**
   * Each event replaced by {@code f}'s result.
   *
   * @param <R> the new events
   * @param f applied to each event
   * @return the dataflow
   */
  public <R> Dataflow<R> map(Function<? super T, ? extends R> f) {
    return with(Operation.map(Objects.requireNonNull(f, "f")));
  }

  /**
   * Only the events {@code p} accepts.
   *
   * @param p the test
   * @return the dataflow
   */
  public Dataflow<T> filter(Predicate<? super T> p) {
    return with(Operation.filter(Objects.requireNonNull(p, "p"), true));
  }

  /**
   * Only the events {@code p} refuses: the opposite of {@link #filter}.
   *
   * @param p the test
   * @return the dataflow
   */
  public Dataflow<T> reject(Predicate<? super T> p) {
    return with(Operation.filter(Objects.requireNonNull(p, "p"), false));
  }

  /**
   * Each event replaced by the elements of {@code f}'s result, in order.
   *
   * @param <R> the new events
   * @param f applied to each event; returns no null
   * @return the dataflow
   */
  public <R> Dataflow<R> flatMap(Function<? super T, ? extends Iterable<? extends R>> f) {
    return with(Operation.flatMap(Objects.requireNonNull(f, "f")));
  }

  /**
   * Runs {@code action} on each event, which goes on unchanged.
   *
   * @param action the side effect
   * @return the dataflow
   */
  public Dataflow<T> each(Consumer<? super T> action) {
    return with(Operation.each(Objects.requireNonNull(action, "action")));
  }

  /**
   * Only the first event of each key, per stage: after a {@link #partition} by the same key, that
   * is the first of each key in the whole input.
   *
   * @param key the key of an event
   * @return the dataflow
   */
  public Dataflow<T> uniqBy(Function<? super T, ?> key) {
    return with(Operation.uniqBy(Objects.requireNonNull(key, "key")));
  }

  /**
   * Folds the events of each stage into an accumulator of its own, which the stage emits once all
   * its input has ended: the operations that follow apply to the accumulators. Events of one key
   * meet in one accumulator only after a {@link #partition} by that key.
   *
   * @param <A> the accumulator
   * @param initial a new accumulator, once per stage
   * @param step folds one event into the accumulator and returns it
   * @return the dataflow of the accumulators
   * @throws IllegalStateException when these stages already reduce: partition the accumulators first
   */
  @SuppressWarnings("unchecked")
  public <A> Dataflow<A> reduce(Supplier<? extends A> initial, BiFunction<A, ? super T, A> step) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(step, "step");
    Phase current = current();
    if (current.reducer() != null) {
      throw new IllegalStateException("these stages already reduce: partition the accumulators (partition(key, n))"
          + " before reducing them again");
    }
    return replaceCurrent(current.withReducer(new Phase.Reducer((Supplier<Object>) initial,
        (BiFunction<Object, Object, Object>) step, null)));
  }

  /**
   * Folds the events of each stage into one accumulator per window and emits each window's
   * {@link Pane} as {@code window} says: when the window closes (and, for every window still open,
   * when the input ends), and at its triggers. The operations that follow apply to the panes.
   * Windows are per stage: after a {@link #partition} by key, each key's windows are in one stage.
   *
   * @param <A> the accumulator
   * @param window how events fall into windows, and when panes are emitted
   * @param initial a new accumulator, once per window (and after each trigger that resets)
   * @param step folds one event into the accumulator and returns it
   * @return the dataflow of the panes
   * @throws IllegalStateException when these stages already reduce: partition the panes first
   */
  @SuppressWarnings("unchecked")
  public <A> Dataflow<Pane<A>> reduce(Window<T> window, Supplier<? extends A> initial, BiFunction<A, ? super T, A> step) {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(step, "step");
    Phase current = current();
    if (current.reducer() != null) {
      throw new IllegalStateException("these stages already reduce: partition the panes (partition(key, n))"
          + " before reducing them again");
    }
    return replaceCurrent(current.withReducer(new Phase.Reducer(null, null,
        () -> new WindowState<T, A>(window, initial, step))));
  }

  // ---------------------------------------------------------------- parallelism

  /**
   * Runs {@code n} copies of the current stages side by side, fed by demand: whichever asks gets
   * the next events. By default a dataflow's first stages are as many as the machine has cores, and
   * a partition's are as many as its partitions.
   *
   * @param n how many stages; at least 1
   * @return the dataflow
   * @throws IllegalArgumentException when {@code n} is below 1, or after a {@link #partition}, whose
   *     count it would contradict
   */
  public Dataflow<T> stages(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("stages must be >= 1, got: " + n);
    }
    Phase current = current();
    if (current.key() != null) {
      throw new IllegalArgumentException("stages(" + n + ") after partition(key, " + current.stages()
          + "): a partitioned layer has one stage per partition");
    }
    return replaceCurrent(current.withStages(n));
  }

  /**
   * Routes each event, by the hash of its key, to one of {@code n} new stages: all events of a key
   * reach the same stage, in the order each stage before sent them. Operations after this run in
   * the new stages; a second partition shuffles again.
   *
   * @param key the key of an event; its {@code hashCode} chooses the stage
   * @param n how many stages; at least 1
   * @return the dataflow
   * @throws IllegalArgumentException when {@code n} is below 1
   */
  @SuppressWarnings("unchecked")
  public Dataflow<T> partition(Function<? super T, ?> key, int n) {
    Objects.requireNonNull(key, "key");
    if (n < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got: " + n);
    }
    List<Phase> next = new ArrayList<>(phases.isEmpty() ? List.of(firstPhase()) : phases);
    next.add(Phase.of(n, (Function<Object, Object>) key));
    return new Dataflow<>(stream, producers, inputs, next);
  }

  /**
   * Gathers the events of all the current stages into one new stage, fed by demand: the opposite
   * of {@link #partition}, for example to combine the partitions' accumulators in one place. Use
   * {@link #stages} after it for more than one.
   *
   * @return the dataflow
   */
  public Dataflow<T> departition() {
    List<Phase> next = new ArrayList<>(phases.isEmpty() ? List.of(firstPhase()) : phases);
    next.add(Phase.of(1, null));
    return new Dataflow<>(stream, producers, inputs, next);
  }

  // ---------------------------------------------------------------- running

  /**
   * Runs the dataflow in {@code system} and collects every event its last stages emit.
   *
   * @param system the actor system its stages run in
   * @return the events, once every stage has ended; failed with the original exception when an
   *     operation, the source or a stage fails (the run's other stages then stop)
   */
  @SuppressWarnings("unchecked")
  public CompletionStage<List<T>> toList(ActorSystem<?> system) {
    Objects.requireNonNull(system, "system");
    return Run.start(system, plan(), true).thenApply(events -> (List<T>) events);
  }

  /**
   * Runs the dataflow in {@code system} and collects its last stages' events into a map, as
   * {@link #toList} collects them into a list.
   *
   * @param <K> the keys
   * @param <V> the values
   * @param system the actor system its stages run in
   * @param key the key of an event
   * @param value the value of an event
   * @return the map, in no particular order; failed with an {@link IllegalStateException} naming
   *     the key when two events have the same key, or as {@link #toList} fails
   */
  public <K, V> CompletionStage<Map<K, V>> toMap(ActorSystem<?> system, Function<? super T, ? extends K> key,
      Function<? super T, ? extends V> value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return toList(system).thenApply(events -> {
      Map<K, V> map = new HashMap<>();
      for (T e : events) {
        K k = key.apply(e);
        if (map.putIfAbsent(k, value.apply(e)) != null) {
          throw new IllegalStateException("two events with the key [" + k + "]: reduce them into one first");
        }
      }
      return map;
    });
  }

  /**
   * Runs the dataflow in {@code system} for its side effects ({@link #each}, or a reducer's), and
   * drops what its last stages emit.
   *
   * @param system the actor system its stages run in
   * @return done once every stage has ended; failed as {@link #toList} fails
   */
  public CompletionStage<Done> run(ActorSystem<?> system) {
    Objects.requireNonNull(system, "system");
    return Run.start(system, plan(), false).thenApply(events -> Done.getInstance());
  }

  /**
   * Runs the dataflow in {@code system} into a producer that any stage may subscribe to: the events
   * its last stages emit wait there, by demand, for its consumers. The producer ends once the run
   * has ended and its consumers have taken everything, normally, or with the failure of the run
   * ({@code GenStage.completion} tells which).
   *
   * @param system the actor system its stages run in
   * @return the producer, at once; the run starts as its stages subscribe to each other
   */
  @SuppressWarnings("unchecked")
  public ProducerRef<T, Void> into(ActorSystem<?> system) {
    Objects.requireNonNull(system, "system");
    return (ProducerRef<T, Void>) (ProducerRef<?, Void>) Run.into(system, plan());
  }

  // ---------------------------------------------------------------- building

  private static Phase firstPhase() {
    return Phase.of(Runtime.getRuntime().availableProcessors(), null);
  }

  private Phase current() {
    return phases.isEmpty() ? firstPhase() : phases.get(phases.size() - 1);
  }

  private <R> Dataflow<R> replaceCurrent(Phase phase) {
    List<Phase> next = new ArrayList<>(phases);
    if (next.isEmpty()) {
      next.add(phase);
    } else {
      next.set(next.size() - 1, phase);
    }
    return new Dataflow<>(stream, producers, inputs, next);
  }

  private <R> Dataflow<R> with(Operation op) {
    return replaceCurrent(current().with(op));
  }

  /** What a run runs: this dataflow's source, or the plans of the dataflows it merges, and its layers. */
  private Plan plan() {
    List<Plan> merged = new ArrayList<>();
    for (Dataflow<?> input : inputs) {
      merged.add(input.plan());
    }
    return new Plan(stream, producers, merged, phases);
  }
}
