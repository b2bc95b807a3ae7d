package io.genstage.supervisor;

import akka.actor.typed.ActorRef;
import java.util.Objects;
import java.util.Optional;

/**
 * One child of a {@link DynamicSupervisor}, as {@link DynamicSupervisor#whichChildren} reports it.
 *
 * @param id the child's name in its supervisor, the same across its restarts: pass it to
 *     {@link DynamicSupervisor#terminateChild(akka.actor.typed.ActorSystem, io.genstage.ConsumerRef, ChildId)}
 *     to stop the child, whether it is running or being restarted
 * @param child the child's current actor; empty while it is being restarted
 * @param restarting whether its restart failed and is being retried
 * @param perEvent whether it was started for an event (it holds a demand slot) rather than on request
 */
public record ChildInfo(ChildId id, Optional<ActorRef<?>> child, boolean restarting, boolean perEvent) {

  /**
   * A child as its supervisor reports it.
   *
   * @param id the child's name in its supervisor; not null
   * @param child its current actor, or empty; not null
   * @param restarting whether its restart is being retried
   * @param perEvent whether it was started for an event
   */
  public ChildInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(child, "child");
  }
}
