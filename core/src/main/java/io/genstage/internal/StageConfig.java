package io.genstage.internal;

import akka.actor.typed.ActorRef;
import io.genstage.BufferKeep;
import io.genstage.DemandMode;
import io.genstage.StageKind;
import io.genstage.SubscribeOptions;
import io.genstage.dispatch.DispatcherFactory;
import java.util.List;
import java.util.function.Supplier;

/**
 * INTERNAL API. Everything a stage actor needs to start an incarnation.
 *
 * @param handler creates a fresh handler per incarnation
 * @param dispatcher null for consumers
 * @param subscribeTo producers to subscribe to at start, in order
 */
@InternalApi
public record StageConfig(
    StageKind kind,
    Supplier<StageHandler> handler,
    DispatcherFactory<?> dispatcher,
    int bufferSize,
    BufferKeep bufferKeep,
    DemandMode demand,
    List<InitialSubscription> subscribeTo) {

  /** The buffer size of a producer made without options: the system's {@code genstage.producer.buffer-size}. */
  public static final int CONFIGURED_BUFFER_SIZE = -1;

  /** One entry of {@code subscribeTo}; null options for those of the system's configuration. */
  public record InitialSubscription(ActorRef<?> producer, SubscribeOptions<?> options) {}
}
