package io.genstage;

import akka.actor.typed.ActorRef;

/**
 * A running stage. {@link #actor()} is the stage's ordinary actor: commands told to it arrive at
 * the handler's {@code handleCast}.
 *
 * @param <C> the stage's command type
 */
public interface StageRef<C> {
  /**
   * The stage's actor.
   *
   * @return the actor, to tell commands to, watch or pass to Akka's APIs
   */
  ActorRef<C> actor();
}
