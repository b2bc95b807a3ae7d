package io.genstage;

import io.genstage.dispatch.DemandDispatcher;
import io.genstage.dispatch.DispatcherFactory;
import java.util.Objects;

/**
 * Options of a producer-consumer stage, validated when built. Start from {@link #defaults()}.
 * A producer-consumer has no demand mode: it always forwards.
 *
 * <p>The type argument is the type of the events the dispatcher takes, as for
 * {@link ProducerOptions}: {@link Stages#producerConsumer} takes options for the stage's output
 * events or a supertype of them, so a dispatcher written for other events does not compile.
 *
 * @param <E> the events the dispatcher takes: {@code Object} for the defaults, which suit any
 *     producer-consumer
 * @param dispatcher creates the dispatcher for its consumers. Default {@link DemandDispatcher}.
 * @param bufferSize how many output events it keeps when its consumers have no demand; at least 0,
 *     {@link ProducerOptions#UNBOUNDED} for no limit. Default unbounded: a producer-consumer holds
 *     at most the output of one upstream batch beyond its consumers' demand.
 * @param bufferKeep which events a full buffer keeps. Default {@link BufferKeep#LAST}.
 */
public record ProducerConsumerOptions<E>(DispatcherFactory<E> dispatcher, int bufferSize, BufferKeep bufferKeep) {

  private static final ProducerConsumerOptions<Object> DEFAULTS =
      new ProducerConsumerOptions<>(DemandDispatcher.factory(), ProducerOptions.UNBOUNDED, BufferKeep.LAST);

  /**
   * Options with every value given; see the record's components.
   *
   * @param dispatcher creates the stage's dispatcher; not null
   * @param bufferSize how many output events the buffer keeps; at least 0
   * @param bufferKeep which events a full buffer keeps; not null
   * @throws IllegalArgumentException when {@code bufferSize < 0}
   */
  public ProducerConsumerOptions {
    Objects.requireNonNull(dispatcher, "dispatcher");
    if (bufferSize < 0) {
      throw new IllegalArgumentException("bufferSize must be >= 0, got: " + bufferSize);
    }
    Objects.requireNonNull(bufferKeep, "bufferKeep");
  }

  /**
   * Demand dispatcher, unbounded buffer keeping the last events; they suit any producer-consumer.
   *
   * @return the default options
   */
  public static ProducerConsumerOptions<Object> defaults() {
    return DEFAULTS;
  }

  /**
   * These options with {@code dispatcher}, typed by the events it takes (the stage's output).
   *
   * @param <F> the events the dispatcher takes
   * @param dispatcher creates the dispatcher of each incarnation of the stage; not null
   * @return new options; these are unchanged
   */
  public <F> ProducerConsumerOptions<F> withDispatcher(DispatcherFactory<F> dispatcher) {
    return new ProducerConsumerOptions<>(dispatcher, bufferSize, bufferKeep);
  }

  /**
   * These options with the buffer size set: how many output events the stage keeps when its
   * consumers have no demand.
   *
   * @param bufferSize at least 0; {@link ProducerOptions#UNBOUNDED} for no limit
   * @return new options; these are unchanged
   * @throws IllegalArgumentException when {@code bufferSize < 0}
   */
  public ProducerConsumerOptions<E> withBufferSize(int bufferSize) {
    return new ProducerConsumerOptions<>(dispatcher, bufferSize, bufferKeep);
  }

  /**
   * These options with the events a full buffer keeps set.
   *
   * @param bufferKeep {@link BufferKeep#LAST} to drop the oldest, {@link BufferKeep#FIRST} to drop
   *     the new ones; not null
   * @return new options; these are unchanged
   */
  public ProducerConsumerOptions<E> withBufferKeep(BufferKeep bufferKeep) {
    return new ProducerConsumerOptions<>(dispatcher, bufferSize, bufferKeep);
  }
}
