package io.genstage.dataflow.internal;

import io.genstage.internal.InternalApi;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * INTERNAL API. One layer of a dataflow's stages: {@code stages} copies of one producer-consumer,
 * fed by demand from the layer before, or by key from its partitions, running the fused
 * operations {@code before} each event, an optional reducer, and the operations {@code after} on
 * what the reducer emits when the input ends. Immutable: a builder step makes a new one.
 *
 * @param stages how many copies run
 * @param key what the layer before partitions by to feed this one; null: fed by demand
 * @param before per-event operations
 * @param reducer null, or the reducer whose accumulator is emitted at the end of the input
 * @param after operations on what the reducer emits
 */
@InternalApi
public record Phase(int stages, Function<Object, Object> key, List<Operation> before, Reducer reducer,
    List<Operation> after) {

  /**
   * A reducer: a fresh accumulator per stage, and the step that folds an event into it; or, when
   * {@code windows} is not null, a fresh {@link Windowing} per stage.
   */
  public record Reducer(Supplier<Object> initial, BiFunction<Object, Object, Object> step,
      Supplier<Windowing> windows) {}

  public Phase {
    before = List.copyOf(before);
    after = List.copyOf(after);
  }

  /** A layer of {@code stages} stages with no operations yet. */
  public static Phase of(int stages, Function<Object, Object> key) {
    return new Phase(stages, key, List.of(), null, List.of());
  }

  public Phase withStages(int n) {
    return new Phase(n, key, before, reducer, after);
  }

  /** With {@code op} added where the builder is: before the reducer, or after it. */
  public Phase with(Operation op) {
    if (reducer == null) {
      return new Phase(stages, key, append(before, op), null, after);
    }
    return new Phase(stages, key, before, reducer, append(after, op));
  }

  public Phase withReducer(Reducer r) {
    return new Phase(stages, key, before, r, after);
  }

  private static List<Operation> append(List<Operation> ops, Operation op) {
    List<Operation> out = new ArrayList<>(ops);
    out.add(op);
    return out;
  }
}
