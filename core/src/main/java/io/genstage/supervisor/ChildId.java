package io.genstage.supervisor;

/**
 * The name a {@link DynamicSupervisor} gives one of its children: the same across the child's
 * restarts (each restart is a new actor with a new {@code ActorRef}), and while a failed restart is
 * retried (when the child has no actor at all). A supervisor never gives the same id to two
 * children. Read it from {@link ChildInfo#id()} ({@link DynamicSupervisor#whichChildren}); pass it to
 * {@link DynamicSupervisor#terminateChild(akka.actor.typed.ActorSystem, io.genstage.ConsumerRef, ChildId)}.
 */
public final class ChildId {
  private final long value;

  ChildId(long value) {
    this.value = value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChildId c && c.value == value;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }

  /** {@code child-N}, N counting the supervisor's children from 1 in the order they were started. */
  @Override
  public String toString() {
    return "child-" + value;
  }
}
