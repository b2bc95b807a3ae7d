package io.genstage;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import io.genstage.internal.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

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

  /**
   * Spawns the stage in {@code system} with {@code name}, for a test or a {@code main} that has no
   * actor of its own to spawn from: it runs under the system's guardian for libraries (as a
   * {@code systemActorOf} actor) and stops when the system terminates, after the actors of the
   * user guardian. From an {@code ActorTestKit}, pass its {@code system()}.
   *
   * @param system the actor system
   * @param name the stage's name, unique among the system's top-level library actors
   * @return the stage's typed reference
   * @throws akka.actor.InvalidActorNameException when {@code name} is taken or not a valid name
   */
  public R spawn(ActorSystem<?> system, String name) {
    Objects.requireNonNull(name, "name");
    return ref(system.systemActorOf(behavior, name, Settings.get(system).stageProps));
  }

  /**
   * Spawns {@code replicas} stages from this spec as children of {@code context}, named
   * {@code name-0} to {@code name-(replicas - 1)}: the same handler supplier, options and
   * subscriptions, so that, subscribed to one producer by demand, they share its events.
   *
   * @param context the parent actor's context
   * @param name the replicas' name, suffixed with their index
   * @param replicas how many; at least 1
   * @return their typed references, by index
   * @throws IllegalArgumentException when {@code replicas < 1}; nothing is spawned
   */
  public List<R> spawnReplicas(ActorContext<?> context, String name, int replicas) {
    return replicas(name, replicas, n -> spawn(context, n));
  }

  /**
   * Spawns {@code replicas} stages from this spec in {@code system} ({@link #spawn(ActorSystem,
   * String)}), named {@code name-0} to {@code name-(replicas - 1)}.
   *
   * @param system the actor system
   * @param name the replicas' name, suffixed with their index
   * @param replicas how many; at least 1
   * @return their typed references, by index
   * @throws IllegalArgumentException when {@code replicas < 1}; nothing is spawned
   */
  public List<R> spawnReplicas(ActorSystem<?> system, String name, int replicas) {
    return replicas(name, replicas, n -> spawn(system, n));
  }

  private List<R> replicas(String name, int replicas, Function<String, R> spawn) {
    Objects.requireNonNull(name, "name");
    if (replicas < 1) {
      throw new IllegalArgumentException("expected replicas to be at least 1, got: " + replicas);
    }
    List<R> out = new ArrayList<>(replicas);
    for (int i = 0; i < replicas; i++) {
      out.add(spawn.apply(name + "-" + i));
    }
    return List.copyOf(out);
  }
}
