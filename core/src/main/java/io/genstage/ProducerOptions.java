package io.genstage;

import io.genstage.dispatch.DemandDispatcher;
import io.genstage.dispatch.DispatcherFactory;
import java.util.Objects;

/**
 * Options of a producer stage, validated when built. Start from {@link #defaults()}:
 *
 * <pre>{@code
 * ProducerOptions.defaults().withBufferSize(100);                        // ProducerOptions<Object>: any producer
 * ProducerOptions.defaults()
 *     .withDispatcher(PartitionDispatcher.factory(3, (Order o) -> o.desk())); // ProducerOptions<Order>
 * }</pre>
 *
 * <p>The type argument is the type of the events the dispatcher takes. {@link Stages#producer} takes
 * options for its events or a supertype of them ({@code ProducerOptions<? super O>}), so a dispatcher
 * written for other events (a partition hash of another type) does not compile.
 *
 * @param <E> the events the dispatcher takes: {@code Object} for the defaults, which suit any producer
 * @param dispatcher creates the dispatcher that decides which consumer gets which events. Default
 *     {@link DemandDispatcher}.
 * @param bufferSize how many events the producer keeps when its consumers have no demand; at
 *     least 0, {@link #UNBOUNDED} for no limit. Default 10000.
 * @param bufferKeep which events a full buffer keeps. Default {@link BufferKeep#LAST}.
 * @param demand the initial demand mode. Default {@link DemandMode#FORWARD}.
 */
public record ProducerOptions<E>(DispatcherFactory<E> dispatcher, int bufferSize, BufferKeep bufferKeep, DemandMode demand) {

  /** A buffer size with no limit. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;
  /** The default buffer size of a producer. */
  public static final int DEFAULT_BUFFER_SIZE = 10_000;

  private static final ProducerOptions<Object> DEFAULTS =
      new ProducerOptions<>(DemandDispatcher.factory(), DEFAULT_BUFFER_SIZE, BufferKeep.LAST, DemandMode.FORWARD);

  /**
   * Options with every value given; see the record's components.
   *
   * @param dispatcher creates the producer's dispatcher; not null
   * @param bufferSize how many events the buffer keeps; at least 0
   * @param bufferKeep which events a full buffer keeps; not null
   * @param demand the initial demand mode; not null
   * @throws IllegalArgumentException when {@code bufferSize < 0}
   */
  public ProducerOptions {
    Objects.requireNonNull(dispatcher, "dispatcher");
    if (bufferSize < 0) {
      throw new IllegalArgumentException("bufferSize must be >= 0, got: " + bufferSize);
    }
    Objects.requireNonNull(bufferKeep, "bufferKeep");
    Objects.requireNonNull(demand, "demand");
  }

  /**
   * Demand dispatcher, buffer of 10000 keeping the last events, forward demand. The demand dispatcher
   * takes any events, so these options suit any producer.
   *
   * @return the default options
   */
  public static ProducerOptions<Object> defaults() {
    return DEFAULTS;
  }

  /**
   * These options with {@code dispatcher}, typed by the events it takes: with
   * {@code PartitionDispatcher.factory(3, (Order o) -> ...)} they become {@code ProducerOptions<Order>},
   * for producers of {@code Order} (or a subtype).
   *
   * @param <F> the events the dispatcher takes
   * @param dispatcher creates the dispatcher of each incarnation of the producer; not null
   * @return new options; these are unchanged
   */
  public <F> ProducerOptions<F> withDispatcher(DispatcherFactory<F> dispatcher) {
    return new ProducerOptions<>(dispatcher, bufferSize, bufferKeep, demand);
  }

  /**
   * These options with the buffer size set: how many events the producer keeps when its consumers
   * have no demand. 0 keeps nothing: what cannot be dispatched at once is discarded and logged.
   *
   * @param bufferSize at least 0; {@link #UNBOUNDED} for no limit
   * @return new options; these are unchanged
   * @throws IllegalArgumentException when {@code bufferSize < 0}
   */
  public ProducerOptions<E> withBufferSize(int bufferSize) {
    return new ProducerOptions<>(dispatcher, bufferSize, bufferKeep, demand);
  }

  /**
   * These options with the events a full buffer keeps set.
   *
   * @param bufferKeep {@link BufferKeep#LAST} to drop the oldest, {@link BufferKeep#FIRST} to drop
   *     the new ones; not null
   * @return new options; these are unchanged
   */
  public ProducerOptions<E> withBufferKeep(BufferKeep bufferKeep) {
    return new ProducerOptions<>(dispatcher, bufferSize, bufferKeep, demand);
  }

  /**
   * These options with the initial demand mode set. Start in {@link DemandMode#ACCUMULATE} to
   * subscribe every consumer before the first event flows, then switch with
   * {@link GenStage#setDemandMode}.
   *
   * @param demand the mode the producer starts in; not null
   * @return new options; these are unchanged
   */
  public ProducerOptions<E> withDemand(DemandMode demand) {
    return new ProducerOptions<>(dispatcher, bufferSize, bufferKeep, demand);
  }
}
