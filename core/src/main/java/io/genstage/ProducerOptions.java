package io.genstage;

import io.genstage.dispatch.DemandDispatcher;
import io.genstage.dispatch.DispatcherFactory;
import java.util.Objects;

/**
 * Options of a producer stage, validated when built. Start from {@link #defaults()}.
 *
 * @param dispatcher creates the dispatcher that decides which consumer gets which events. Default
 *     {@link DemandDispatcher}.
 * @param bufferSize how many events the producer keeps when its consumers have no demand; at
 *     least 0, {@link #UNBOUNDED} for no limit. Default 10000.
 * @param bufferKeep which events a full buffer keeps. Default {@link BufferKeep#LAST}.
 * @param demand the initial demand mode. Default {@link DemandMode#FORWARD}.
 */
public record ProducerOptions(DispatcherFactory<?> dispatcher, int bufferSize, BufferKeep bufferKeep, DemandMode demand) {

  /** A buffer size with no limit. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;
  /** The default buffer size of a producer. */
  public static final int DEFAULT_BUFFER_SIZE = 10_000;

  private static final ProducerOptions DEFAULTS =
      new ProducerOptions(DemandDispatcher.factory(), DEFAULT_BUFFER_SIZE, BufferKeep.LAST, DemandMode.FORWARD);

  /** @throws IllegalArgumentException when {@code bufferSize < 0} */
  public ProducerOptions {
    Objects.requireNonNull(dispatcher, "dispatcher");
    if (bufferSize < 0) {
      throw new IllegalArgumentException("bufferSize must be >= 0, got: " + bufferSize);
    }
    Objects.requireNonNull(bufferKeep, "bufferKeep");
    Objects.requireNonNull(demand, "demand");
  }

  /** Demand dispatcher, buffer of 10000 keeping the last events, forward demand. */
  public static ProducerOptions defaults() {
    return DEFAULTS;
  }

  public ProducerOptions withDispatcher(DispatcherFactory<?> dispatcher) {
    return new ProducerOptions(dispatcher, bufferSize, bufferKeep, demand);
  }

  public ProducerOptions withBufferSize(int bufferSize) {
    return new ProducerOptions(dispatcher, bufferSize, bufferKeep, demand);
  }

  public ProducerOptions withBufferKeep(BufferKeep bufferKeep) {
    return new ProducerOptions(dispatcher, bufferSize, bufferKeep, demand);
  }

  public ProducerOptions withDemand(DemandMode demand) {
    return new ProducerOptions(dispatcher, bufferSize, bufferKeep, demand);
  }
}
