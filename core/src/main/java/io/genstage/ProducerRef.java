package io.genstage;

import akka.actor.typed.ActorRef;
import io.genstage.protocol.ProducerMessage;
import java.util.Objects;

/**
 * A stage that emits events of type {@code O}: consumers of {@code O} (or of a supertype) can
 * subscribe to it.
 *
 * @param <O> the events it emits
 * @param <C> its command type
 */
public interface ProducerRef<O, C> extends StageRef<C> {

  /**
   * A producer reference for an actor that speaks the producer side of the protocol itself (see
   * {@code docs/protocol.md}); it takes no commands.
   *
   * @param <O> the events the actor emits
   * @param actor an actor that accepts {@link ProducerMessage}s; not null
   * @return a reference consumers can subscribe with
   */
  @SuppressWarnings("unchecked")
  static <O> ProducerRef<O, Void> of(ActorRef<ProducerMessage<O>> actor) {
    Objects.requireNonNull(actor, "actor");
    return new TypedStageRef<>((ActorRef<Void>) (ActorRef<?>) actor);
  }
}
