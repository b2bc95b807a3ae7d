package io.genstage.internal;

import akka.actor.ActorCell;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Adapter;

/**
 * INTERNAL API. What Akka's public API does not tell a stopping actor: whether it stops because it
 * failed outside its behaviour (a classic {@code Kill}, or its parent failing and taking it down)
 * rather than because it was stopped. Akka suspends a failed actor's mailbox, and its children's,
 * until its supervisor decides; a stop by the parent or the system leaves it running. This reads
 * that state from the classic actor cell, an Akka internal (the same in Akka 2.6 to 2.10 and in
 * Pekko); anything unexpected answers "no", and the stage then reports a plain shutdown.
 */
@InternalApi
final class ActorCells {
  private ActorCells() {}

  static boolean failed(ActorContext<?> ctx) {
    try {
      return Adapter.toClassic(ctx) instanceof ActorCell cell && cell.mailbox().isSuspended();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
