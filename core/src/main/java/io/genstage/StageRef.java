package io.genstage;

import akka.actor.typed.ActorRef;

/**
 * A running stage. {@link #actor()} is the stage's ordinary actor: commands told to it arrive at
 * the handler's {@code handleCast}.
 *
 * @param <C> the stage's command type
 */
public interface StageRef<C> {
  ActorRef<C> actor();
}
