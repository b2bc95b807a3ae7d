package io.genstage.supervisor;

import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The template a {@link DynamicSupervisor} starts its children from.
 *
 * @param factory makes a child's behaviour from its argument (the event, for children started per
 *     event), or returns {@link #ignore()} to start nothing for that argument. If it throws anything but a fatal JVM error ({@code VirtualMachineError},
 *     {@code LinkageError}), checked exceptions and {@code Error}s included, that start fails and
 *     the supervisor keeps running: {@link DynamicSupervisor#startChild} fails with it; for an
 *     event, the slot is freed and the error logged; for a restart, the restart is retried.
 * @param restart when a stopped child is started again. Default {@link Restart#TEMPORARY}.
 * @param shutdown how the child is stopped. Default {@link Shutdown#IMMEDIATE}.
 * @param props the children's props, for instance a dispatcher for blocking work. Default none.
 * @param shutdownNotice the message a child is sent when it is to stop, unless its shutdown is
 *     {@link Shutdown#IMMEDIATE}; see {@link #withShutdownNotice}. Default none.
 * @param <A> the argument
 */
public record ChildSpec<A>(
    Function<? super A, ? extends Behavior<?>> factory, Restart restart, Shutdown shutdown, Props props,
    Optional<Object> shutdownNotice) {

  /**
   * A template with every value given; {@link #of} and {@link #task} start from the defaults.
   *
   * @param factory makes a child's behaviour from its argument; not null
   * @param restart when a stopped child is started again; not null
   * @param shutdown how the child is stopped; not null
   * @param props the children's props; not null ({@code Props.empty()} for none)
   * @param shutdownNotice the message a child is sent when it is to stop, or empty; not null
   */
  public ChildSpec {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(restart, "restart");
    Objects.requireNonNull(shutdown, "shutdown");
    Objects.requireNonNull(props, "props");
    Objects.requireNonNull(shutdownNotice, "shutdownNotice");
  }

  /**
   * A template without a shutdown notice.
   *
   * @param factory makes a child's behaviour from its argument; not null
   * @param restart when a stopped child is started again; not null
   * @param shutdown how the child is stopped; not null
   * @param props the children's props; not null ({@code Props.empty()} for none)
   */
  public ChildSpec(Function<? super A, ? extends Behavior<?>> factory, Restart restart, Shutdown shutdown,
      Props props) {
    this(factory, restart, shutdown, props, Optional.empty());
  }

  private static final Behavior<Object> IGNORE = Behaviors.setup(ctx -> Behaviors.stopped());

  /**
   * What a factory returns to start no child for this argument (OTP's {@code :ignore}): nothing is
   * started and nothing is logged. {@link DynamicSupervisor#startChild} completes with an empty
   * {@code Optional}; for an event, its demand slot is freed at once, as for a child that finished;
   * for a restart, the child is gone for good and its slot is freed, whatever its {@link Restart}
   * type, {@code PERMANENT} included (the restart still counts toward the intensity). The supervisor
   * recognises this very instance; spawned anywhere else, it stops at once.
   *
   * @param <T> the message type the factory's behaviours have
   * @return the one ignore behaviour
   */
  @SuppressWarnings("unchecked")
  public static <T> Behavior<T> ignore() {
    return (Behavior<T>) IGNORE;
  }

  static boolean isIgnore(Behavior<?> behavior) {
    return behavior == IGNORE;
  }

  /**
   * Children made by {@code factory}: temporary, stopped at once, default props.
   *
   * @param <A> the argument
   * @param factory makes a child's behaviour from its argument, or returns {@link #ignore()};
   *     not null
   * @return the template
   */
  public static <A> ChildSpec<A> of(Function<? super A, ? extends Behavior<?>> factory) {
    return new ChildSpec<>(factory, Restart.TEMPORARY, Shutdown.IMMEDIATE, Props.empty());
  }

  /**
   * Children that each run {@code task} once with their argument, then stop: normally when it
   * returns, failing when it throws. Temporary unless changed with {@link #withRestart}
   * ({@link Restart#TRANSIENT} retries failed tasks). For blocking work, give them a blocking
   * dispatcher: {@code withProps(DispatcherSelector.blocking())}.
   *
   * @param <A> the argument
   * @param task the work each child runs; a checked exception it throws fails the child with a
   *     {@link TaskFailedException}; not null
   * @return the template
   */
  public static <A> ChildSpec<A> task(Task<? super A> task) {
    Objects.requireNonNull(task, "task");
    return of(arg -> Behaviors.setup(ctx -> {
      try {
        task.run(arg);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new TaskFailedException(arg, e);
      }
      return Behaviors.stopped();
    }));
  }

  /**
   * This template with the restart type set: when a child that stopped is started again.
   * {@link Restart#PERMANENT} is refused for children started per event.
   *
   * @param restart the restart type; not null
   * @return a new template; this one is unchanged
   */
  public ChildSpec<A> withRestart(Restart restart) {
    return new ChildSpec<>(factory, restart, shutdown, props, shutdownNotice);
  }

  /**
   * This template with the shutdown policy set: how a child is stopped, on
   * {@link DynamicSupervisor#terminateChild} and when the supervisor stops.
   *
   * @param shutdown the policy; not null
   * @return a new template; this one is unchanged
   */
  public ChildSpec<A> withShutdown(Shutdown shutdown) {
    return new ChildSpec<>(factory, restart, shutdown, props, shutdownNotice);
  }

  /**
   * This template with the children's props set, for instance a dispatcher for blocking work
   * ({@code DispatcherSelector.blocking()}).
   *
   * @param props the props each child is spawned with; not null
   * @return a new template; this one is unchanged
   */
  public ChildSpec<A> withProps(Props props) {
    return new ChildSpec<>(factory, restart, shutdown, props, shutdownNotice);
  }

  /**
   * Children are told {@code notice} when they are to stop: on {@link DynamicSupervisor#terminateChild}
   * and when the supervisor stops on its own account. It is sent (as any message, unchecked) to the
   * child's actor when its {@link Shutdown} is {@link Shutdown#within} or {@link Shutdown#INFINITY};
   * the child's behaviour must accept it, and should stop once it has finished or handed off its
   * work. The supervisor then waits for the child to stop, at most the shutdown's timeout, so an
   * idle child stops at once instead of being waited for during the whole grace period. With
   * {@link Shutdown#IMMEDIATE} nothing is sent: the child is stopped at once. Without a notice, a
   * child is not told, and is given the grace period to finish on its own.
   *
   * @param notice the message sent to a child that is to stop; not null
   * @return a new template; this one is unchanged
   */
  public ChildSpec<A> withShutdownNotice(Object notice) {
    Objects.requireNonNull(notice, "shutdownNotice");
    return new ChildSpec<>(factory, restart, shutdown, props, Optional.of(notice));
  }

  /**
   * Work to run once per argument.
   *
   * @param <A> the argument
   */
  @FunctionalInterface
  public interface Task<A> {
    /**
     * Runs the work for one argument, in the child's actor.
     *
     * @param argument the child's argument: the event, for a child started per event
     * @throws Exception to fail the child; a checked one is wrapped in a {@link TaskFailedException}
     */
    void run(A argument) throws Exception;
  }

  /** A task threw a checked exception. */
  public static final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TaskFailedException(Object argument, Exception cause) {
      super("task failed for " + argument + ": " + cause, cause);
    }
  }
}
