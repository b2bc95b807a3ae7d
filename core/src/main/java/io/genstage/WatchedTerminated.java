package io.genstage;

import akka.actor.typed.ActorRef;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code handleInfo} receives when an actor watched with {@link StageContext#watch} stops.
 *
 * @param actor the actor that stopped
 * @param failure the exception it failed with, when it was a child of this stage that failed;
 *     empty when it stopped normally (or was not a child, so the cause is unknown)
 */
public record WatchedTerminated(ActorRef<?> actor, Optional<Throwable> failure) {
  /**
   * A watched actor's end.
   *
   * @param actor the actor that stopped; not null
   * @param failure the exception it failed with, or empty; not null
   */
  public WatchedTerminated {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(failure, "failure");
  }
}
