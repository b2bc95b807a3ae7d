package io.genstage.supervisor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import io.genstage.ConsumerRef;
import io.genstage.GenStage;
import io.genstage.StageSpec;
import io.genstage.Stages;
import io.genstage.SubscribeTo;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A supervisor that starts children from one template, watches them, and restarts them itself by
 * their {@link Restart} type, within a restart intensity (GenStage's ConsumerSupervisor, the
 * DynamicSupervisor of its first release).
 *
 * <p>It has two faces. <b>On request:</b> {@link #startChild} starts a child with an argument,
 * {@link #terminateChild} stops one, {@link #whichChildren} and {@link #countChildren} report them.
 * <b>As a consumer:</b> subscribed to producers (through {@code subscribeTo} or
 * {@link GenStage#subscribe}), it starts one child per event, with the event as the argument. Per
 * producer it asks for {@code maxDemand} events at first and asks again only when the slots freed by
 * finished children reach {@code minDemand}, so at most {@code maxDemand} children per producer run at
 * once. A restarted transient child keeps its slot; children started on request never create demand;
 * when a producer goes away its children keep running and their later exits ask for nothing.
 * Permanent children would never free their slot, so a subscription is refused when the template is
 * {@link Restart#PERMANENT}.
 *
 * <p><b>Restart intensity:</b> more than {@code maxRestarts} restarts within {@code maxSeconds} and
 * the supervisor stops, failing with a {@link MaxRestartIntensityException}, so that its own parent's
 * supervision decides what happens next. Unlike {@code Behaviors.supervise}, which restarts one actor
 * in place and counts per actor, the count here is the supervisor's, across all its children, and a
 * restarted child is a new actor.
 *
 * <pre>{@code
 * var printers = DynamicSupervisor.create(ChildSpec.of((Integer n) -> printer(n)),
 *     SupervisorOptions.defaults(), SubscribeTo.of(counter, SubscribeOptions.defaults().withMaxDemand(50)))
 *     .spawn(ctx, "printers");
 * }</pre>
 */
public final class DynamicSupervisor {
  private DynamicSupervisor() {}

  /** What a DynamicSupervisor's actor accepts; send them with this class's static methods. */
  public sealed interface Command permits StartChild, TerminateChild, TerminateChildById, WhichChildren,
      CountChildren {}

  record StartChild(Object argument) implements Command {}

  record TerminateChild(ActorRef<?> child) implements Command {}

  record TerminateChildById(ChildId id) implements Command {}

  enum WhichChildren implements Command { INSTANCE }

  enum CountChildren implements Command { INSTANCE }

  /** A start that failed, carried back to the caller. */
  record Failed(Throwable cause) {}

  /** A start for which the template started nothing ({@link ChildSpec#ignore()}). */
  enum Ignored { INSTANCE }

  /**
   * A supervisor with the default options, subscribed at start to {@code subscribeTo}.
   *
   * @param <A> the children's argument: the events, for children started per event
   * @param template what the children are started from
   * @param subscribeTo the producers each incarnation subscribes to when it starts; none for a
   *     supervisor used on request only, or subscribed later
   * @return the supervisor, ready to spawn
   * @throws IllegalArgumentException when the template is {@link Restart#PERMANENT} and
   *     {@code subscribeTo} is not empty
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read
  public static <A> StageSpec<ConsumerRef<A, Command>, Command> create(
      ChildSpec<A> template, SubscribeTo<? extends A>... subscribeTo) {
    return create(template, SupervisorOptions.defaults(), subscribeTo);
  }

  /**
   * A supervisor, subscribed at start to {@code subscribeTo}.
   *
   * @param <A> the children's argument: the events, for children started per event
   * @param template what the children are started from
   * @param options the restart intensity and the bound on children started on request
   * @param subscribeTo the producers each incarnation subscribes to when it starts; none for a
   *     supervisor used on request only, or subscribed later
   * @return the supervisor, ready to spawn
   * @throws IllegalArgumentException when the template is {@link Restart#PERMANENT} and
   *     {@code subscribeTo} is not empty
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read
  public static <A> StageSpec<ConsumerRef<A, Command>, Command> create(
      ChildSpec<A> template, SupervisorOptions options, SubscribeTo<? extends A>... subscribeTo) {
    return create(template, options, Arrays.asList(subscribeTo));
  }

  /**
   * A supervisor, subscribed at start to each of {@code subscribeTo} (see
   * {@link SubscribeTo#all}), in order.
   *
   * @param <A> the children's argument: the events, for children started per event
   * @param template what the children are started from
   * @param options the restart intensity and the bound on children started on request
   * @param subscribeTo the producers each incarnation subscribes to when it starts; not null
   * @return the supervisor, ready to spawn
   * @throws IllegalArgumentException when the template is {@link Restart#PERMANENT} and
   *     {@code subscribeTo} is not empty
   */
  public static <A> StageSpec<ConsumerRef<A, Command>, Command> create(
      ChildSpec<A> template, SupervisorOptions options, Collection<? extends SubscribeTo<? extends A>> subscribeTo) {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(options, "options");
    if (template.restart() == Restart.PERMANENT && !subscribeTo.isEmpty()) {
      throw new IllegalArgumentException(SupervisorHandler.PERMANENT_REFUSED);
    }
    return Stages.consumer(() -> new SupervisorHandler<A>(template, options), subscribeTo);
  }

  /**
   * A supervisor that runs {@code task} once per event, each run in its own temporary child, with
   * at most {@code maxDemand} runs per producer at once: {@code create(ChildSpec.task(task), ...)}.
   *
   * @param <A> the events
   * @param task the work each child runs with its event
   * @param subscribeTo the producers each incarnation subscribes to when it starts; none for a
   *     supervisor used on request only, or subscribed later
   * @return the supervisor, ready to spawn
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read
  public static <A> StageSpec<ConsumerRef<A, Command>, Command> tasks(
      ChildSpec.Task<? super A> task, SubscribeTo<? extends A>... subscribeTo) {
    return create(ChildSpec.task(task), SupervisorOptions.defaults(), subscribeTo);
  }

  /**
   * Starts a child with {@code argument}. Completes with the child, or with an empty
   * {@code Optional} when the template's factory returned {@link ChildSpec#ignore()} (nothing was
   * started, and nothing counts toward {@code maxChildren}), or fails with whatever the
   * template's factory threw (checked exceptions and {@code Error}s included; the supervisor keeps
   * running), or with an {@link IllegalStateException} when
   * {@code maxChildren} children started on request are running.
   *
   * @param <A> the children's argument
   * @param system the actor system whose scheduler times the wait
   * @param supervisor the supervisor to start the child in
   * @param argument what the template's factory makes the child from
   * @return the child's actor, or empty when nothing was started
   */
  public static <A> CompletionStage<Optional<ActorRef<?>>> startChild(
      ActorSystem<?> system, ConsumerRef<A, Command> supervisor, A argument) {
    return GenStage.<Object, Command>call(system, supervisor, new StartChild(argument)).thenApply(reply -> {
      if (reply instanceof Failed f) {
        throw new CompletionException(f.cause());
      }
      return reply == Ignored.INSTANCE ? Optional.empty() : Optional.of((ActorRef<?>) reply);
    });
  }

  /**
   * Stops {@code child} by the template's shutdown policy, without restarting it, and frees its
   * slot. Completes with {@code true} once it has stopped, or {@code false} when it is not a running
   * child of this supervisor. A child is a new actor after each restart, so an old ref names
   * nothing; to stop a child whatever its current actor, or one being restarted, use
   * {@link #terminateChild(ActorSystem, ConsumerRef, ChildId)}.
   *
   * @param system the actor system whose scheduler times the wait
   * @param supervisor the supervisor to ask
   * @param child the child's current actor
   * @return {@code true} once the child has stopped; {@code false} at once when it is not a
   *     running child
   */
  public static CompletionStage<Boolean> terminateChild(
      ActorSystem<?> system, ConsumerRef<?, Command> supervisor, ActorRef<?> child) {
    Objects.requireNonNull(child, "child");
    return GenStage.call(system, supervisor, new TerminateChild(child));
  }

  /**
   * Stops the child named {@code id} (from {@link ChildInfo#id()}) without restarting it, and frees
   * its slot. A running child is stopped by the template's shutdown policy, and the answer is
   * {@code true} once it has stopped. A child being restarted (its restart failed and is being
   * retried) has no actor: its retries end and the answer is {@code true} at once. Completes with
   * {@code false} when this supervisor has no such child (it was never one, or it has stopped).
   *
   * @param system the actor system whose scheduler times the wait
   * @param supervisor the supervisor to ask
   * @param id the child's name, from {@link ChildInfo#id()}
   * @return {@code true} once the child has stopped (at once for one being restarted);
   *     {@code false} at once when there is no such child
   */
  public static CompletionStage<Boolean> terminateChild(
      ActorSystem<?> system, ConsumerRef<?, Command> supervisor, ChildId id) {
    Objects.requireNonNull(id, "id");
    return GenStage.call(system, supervisor, new TerminateChildById(id));
  }

  /**
   * The supervisor's children, those being restarted included, in the order they were first
   * started; each with an {@link ChildInfo#id() id} that names it across its restarts.
   *
   * @param system the actor system whose scheduler times the wait
   * @param supervisor the supervisor to ask
   * @return one entry per child, a snapshot
   */
  public static CompletionStage<List<ChildInfo>> whichChildren(ActorSystem<?> system, ConsumerRef<?, Command> supervisor) {
    return GenStage.call(system, supervisor, WhichChildren.INSTANCE);
  }

  /**
   * How many children the supervisor has: see {@link ChildCounts} for what each count means.
   *
   * @param system the actor system whose scheduler times the wait
   * @param supervisor the supervisor to ask
   * @return the counts when the supervisor answered
   */
  public static CompletionStage<ChildCounts> countChildren(ActorSystem<?> system, ConsumerRef<?, Command> supervisor) {
    return GenStage.call(system, supervisor, CountChildren.INSTANCE);
  }
}
