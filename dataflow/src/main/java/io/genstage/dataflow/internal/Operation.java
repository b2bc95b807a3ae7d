package io.genstage.dataflow.internal;

import io.genstage.internal.InternalApi;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * INTERNAL API. One per-event operation of a dataflow (map, filter, flatMap, each, uniq by key),
 * fused with its neighbours into one stage: each stage builds its own chain of {@link Step}s, so an
 * operation with state (uniq) keeps it per stage.
 */
@InternalApi
@FunctionalInterface
public interface Operation {

  /** Where an operation pushes what it makes: the next operation, or the stage's output. */
  @FunctionalInterface
  interface Step {
    void push(Object event);
  }

  /** This operation in front of {@code next}, with fresh state. */
  Step before(Step next);

  @SuppressWarnings("unchecked")
  static Operation map(Function<?, ?> f) {
    Function<Object, Object> fn = (Function<Object, Object>) f;
    return next -> e -> next.push(fn.apply(e));
  }

  @SuppressWarnings("unchecked")
  static Operation filter(Predicate<?> p, boolean keep) {
    Predicate<Object> test = (Predicate<Object>) p;
    return next -> e -> {
      if (test.test(e) == keep) {
        next.push(e);
      }
    };
  }

  @SuppressWarnings("unchecked")
  static Operation flatMap(Function<?, ? extends Iterable<?>> f) {
    Function<Object, Iterable<?>> fn = (Function<Object, Iterable<?>>) f;
    return next -> e -> {
      for (Object out : fn.apply(e)) {
        next.push(out);
      }
    };
  }

  @SuppressWarnings("unchecked")
  static Operation each(Consumer<?> c) {
    Consumer<Object> action = (Consumer<Object>) c;
    return next -> e -> {
      action.accept(e);
      next.push(e);
    };
  }

  @SuppressWarnings("unchecked")
  static Operation uniqBy(Function<?, ?> key) {
    Function<Object, Object> fn = (Function<Object, Object>) key;
    return next -> {
      Set<Object> seen = new HashSet<>(); // per stage: partition by the key first for a global uniq
      return e -> {
        if (seen.add(fn.apply(e))) {
          next.push(e);
        }
      };
    };
  }

  /** The chain of {@code operations}, in order, ending in {@code last}. */
  static Step chain(Iterable<Operation> operations, Step last) {
    java.util.List<Operation> list = new java.util.ArrayList<>();
    operations.forEach(list::add);
    Step step = last;
    for (int i = list.size() - 1; i >= 0; i--) {
      step = list.get(i).before(step);
    }
    return step;
  }
}
