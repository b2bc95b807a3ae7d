package io.genstage;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import io.genstage.internal.Settings;
import java.util.Objects;

/**
 * A stage ready to spawn: its {@link Behavior} and the typed reference it gets once spawned. Made
 * by {@link Stages}. Spawn it with {@link #spawn}, or spawn {@link #behavior()} any way Akka allows
 * (under supervision, say) and type the resulting actor with {@link #ref}.
 *
 * <p>{@link #spawn} and {@link #spawnAnonymous} run the stage on the dispatcher that the actor
 * system's {@code genstage.dispatcher} names: the library's own, sized to the machine's cores with
 * a throughput of 100, unless set otherwise (docs/configuration.md). A stage spawned from
 * {@link #behavior()}, or with {@link Props} of its own, runs where those say.
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
    return ref(context.spawn(behavior, name, Settings.get(context.getSystem()).stageProps));
  }

  /**
   * Spawns the stage as a child of {@code context} with {@code name} and {@code props}, for
   * example {@code DispatcherSelector.fromConfig("my-dispatcher")} to run it on a dispatcher of
   * its own; {@code genstage.dispatcher} does not apply.
   *
   * @param context the parent actor's context
   * @param name the child's name, unique among the parent's children
   * @param props the child's props, its dispatcher among them
   * @return the stage's typed reference
   */
  public R spawn(ActorContext<?> context, String name, Props props) {
    Objects.requireNonNull(name, "name");
    return ref(context.spawn(behavior, name, Objects.requireNonNull(props, "props")));
  }

  /**
   * Spawns the stage as an anonymous child of {@code context}.
   *
   * @param context the parent actor's context
   * @return the stage's typed reference
   */
  public R spawnAnonymous(ActorContext<?> context) {
    return ref(context.spawnAnonymous(behavior, Settings.get(context.getSystem()).stageProps));
  }
}
