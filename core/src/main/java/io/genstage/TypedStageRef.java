package io.genstage;

import akka.actor.typed.ActorRef;
import java.util.Objects;

/** The one implementation of the stage reference types: an actor with its event types attached. */
record TypedStageRef<I, O, C>(ActorRef<C> actor) implements ProducerConsumerRef<I, O, C> {
  TypedStageRef {
    Objects.requireNonNull(actor, "actor");
  }

  @Override
  public String toString() {
    return "StageRef(" + actor.path() + ")";
  }
}
