package io.genstage.internal;

import akka.actor.typed.ActorRef;

/**
 * INTERNAL API. Where a stage's refs are given the protocol's types: a stage is an
 * {@code ActorRef<Object>} that speaks both directions, and its peers' refs arrive typed by their
 * own events. The unchecked casts this needs stay here.
 */
@InternalApi
final class Refs {
  private Refs() {}

  @SuppressWarnings("unchecked")
  static <T> ActorRef<T> narrow(ActorRef<?> ref) {
    return (ActorRef<T>) ref;
  }
}
