package io.genstage;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import java.util.Objects;

/**
 * A stage ready to spawn: its {@link Behavior} and the typed reference it gets once spawned. Made
 * by {@link Stages}. Spawn it with {@link #spawn}, or spawn {@link #behavior()} any way Akka allows
 * (under supervision, say) and type the resulting actor with {@link #ref}.
 *
 * @param <R> the stage's reference type
 * @param <C> the stage's command type
 */
public final class StageSpec<R extends StageRef<C>, C> {
  private final Behavior<C> behavior;

  StageSpec(Behavior<C> behavior) {
    this.behavior = behavior;
  }

  /**
   * The stage's behaviour: each start (and restart) runs a new handler from the supplier.
   *
   * @return the behaviour, to spawn any way Akka allows
   */
  public Behavior<C> behavior() {
    return behavior;
  }

  /**
   * The typed reference to an actor spawned from {@link #behavior()}.
   *
   * @param actor an actor spawned from this spec's behaviour; nothing checks that it was
   * @return the stage's typed reference
   */
  @SuppressWarnings("unchecked")
  public R ref(ActorRef<C> actor) {
    return (R) new TypedStageRef<Object, Object, C>(actor);
  }

  /**
   * Spawns the stage as a child of {@code context} with {@code name}.
   *
   * @param context the parent actor's context
   * @param name the child's name, unique among the parent's children
   * @return the stage's typed reference
   */
  public R spawn(ActorContext<?> context, String name) {
    Objects.requireNonNull(name, "name");
    return ref(context.spawn(behavior, name));
  }

  /**
   * Spawns the stage as an anonymous child of {@code context}.
   *
   * @param context the parent actor's context
   * @return the stage's typed reference
   */
  public R spawnAnonymous(ActorContext<?> context) {
    return ref(context.spawnAnonymous(behavior));
  }
}
