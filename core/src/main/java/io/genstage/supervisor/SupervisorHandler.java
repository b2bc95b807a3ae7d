package io.genstage.supervisor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import io.genstage.AskMode;
import io.genstage.CallFrom;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.Consumer;
import io.genstage.StageKind;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.WatchedTerminated;
import io.genstage.internal.StageHandler;
import io.genstage.protocol.SubscriptionTag;
import io.genstage.supervisor.DynamicSupervisor.Command;
import io.genstage.supervisor.DynamicSupervisor.CountChildren;
import io.genstage.supervisor.DynamicSupervisor.Failed;
import io.genstage.supervisor.DynamicSupervisor.Ignored;
import io.genstage.supervisor.DynamicSupervisor.StartChild;
import io.genstage.supervisor.DynamicSupervisor.TerminateChild;
import io.genstage.supervisor.DynamicSupervisor.TerminateChildById;
import io.genstage.supervisor.DynamicSupervisor.WhichChildren;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The handler behind {@link DynamicSupervisor}: children, their restarts, and demand tied to them. */
final class SupervisorHandler<A> extends Consumer<A, Command> implements StageHandler.LogsAs {

  static final String PERMANENT_REFUSED =
      "children started per event cannot be PERMANENT: they would never free their demand slot; "
          + "use TRANSIENT (restarted after a failure) or TEMPORARY (never restarted)";

  /** One child, across its restarts. */
  private final class Child {
    final ChildId id;
    final A argument;
    final SubscriptionTag owner; // the subscription whose demand slot it holds; null if started on request
    long position; // its event's place on that subscription, counted from 0, for explicit acknowledgement
    ActorRef<?> ref; // null while a failed restart is retried
    CallFrom terminating; // the terminateChild call to answer once it stopped

    Child(ChildId id, A argument, SubscriptionTag owner) {
      this.id = id;
      this.argument = argument;
      this.owner = owner;
    }
  }

  /** Demand bookkeeping of one producer subscription. */
  private static final class Slots {
    final Subscription subscription;
    final int min;
    final int max;
    int running;
    final boolean acknowledgeOnExit; // explicit acknowledgement: an event is done when its child has ended
    long handed; // events handed to this supervisor on the subscription
    long acknowledged;
    BitSet ended = new BitSet(); // bit i: the child of event (acknowledged + i) has ended
    int freed;

    Slots(Subscription subscription, SubscribeOptions<?> options) {
      this.subscription = subscription;
      this.min = options.minDemand();
      this.max = options.maxDemand();
      this.acknowledgeOnExit = options.explicitAcknowledgement();
    }
  }

  private record RetryRestart(Object child) {}

  private record ShutdownDue(ActorRef<?> child) {}

  private final ChildSpec<A> template;
  private final SupervisorOptions options;
  private final Map<ChildId, Child> children = new LinkedHashMap<>(); // all, in start order
  private final Map<ActorRef<?>, Child> running = new HashMap<>(); // those with an actor, by it
  private long lastId;
  private final Map<SubscriptionTag, Slots> slots = new LinkedHashMap<>();
  private final ArrayDeque<Long> restartTimes = new ArrayDeque<>();
  private int startedOnRequest;

  SupervisorHandler(ChildSpec<A> template, SupervisorOptions options) {
    this.template = template;
    this.options = options;
  }

  @Override
  public Class<?> logsAs() {
    return DynamicSupervisor.class;
  }

  // ---------------------------------------------------------------- as a consumer

  @Override
  protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> subscription) {
    if (template.restart() == Restart.PERMANENT) {
      context().log().error("DynamicSupervisor refused a subscription to [{}]: {}", from.producer(), PERMANENT_REFUSED);
      context().cancel(from, CancelReason.failure(new IllegalArgumentException(PERMANENT_REFUSED)));
      return AskMode.MANUAL;
    }
    Slots s = new Slots(from, subscription);
    slots.put(from.tag(), s);
    context().ask(from, s.max);
    return AskMode.MANUAL;
  }

  @Override
  protected void handleEvents(List<A> events, Subscription from) {
    Slots s = slots.get(from.tag());
    if (s == null) {
      return;
    }
    int started = 0;
    int failed = 0;
    for (A event : events) {
      long position = s.handed++;
      Child child = start(event, from.tag());
      if (child != null) {
        child.position = position;
        started++;
      } else {
        failed++;
        ended(s, position);
      }
    }
    if (s.running + s.freed + started + failed > s.max) {
      context().log().error("DynamicSupervisor has received [{}] events in excess from [{}]",
          s.running + s.freed + started + failed - s.max, from.producer());
    }
    s.running += started;
    s.freed += failed; // a failed start is a child that finished at once
    askIfDue(s);
  }

  @Override
  protected void handleCancel(Cancellation cancellation, Subscription from) {
    // Its children keep running; their exits no longer ask for anything.
    slots.remove(from.tag());
  }

  // ---------------------------------------------------------------- on request

  @Override
  protected void handleCall(Command request, CallFrom from) {
    if (request instanceof StartChild start) {
      if (startedOnRequest >= options.maxChildren()) {
        context().reply(from, new Failed(new IllegalStateException(
            "maxChildren is " + options.maxChildren() + ": no more children can be started on request")));
        return;
      }
      @SuppressWarnings("unchecked")
      A argument = (A) start.argument();
      try {
        Child child = spawn(argument, null);
        if (child == null) {
          context().reply(from, Ignored.INSTANCE);
          return;
        }
        startedOnRequest++;
        context().reply(from, child.ref);
      } catch (Throwable e) {
        context().reply(from, new Failed(rethrowIfFatal(e)));
      }
    } else if (request instanceof TerminateChild t) {
      terminate(running.get(t.child()), from);
    } else if (request instanceof TerminateChildById t) {
      terminate(children.get(t.id()), from);
    } else if (request == WhichChildren.INSTANCE) {
      List<ChildInfo> out = new ArrayList<>(children.size());
      for (Child c : children.values()) {
        out.add(new ChildInfo(c.id, Optional.ofNullable(c.ref), c.ref == null, c.owner != null));
      }
      context().reply(from, List.copyOf(out));
    } else if (request == CountChildren.INSTANCE) {
      context().reply(from, new ChildCounts(running.size(), children.size(), children.size() - running.size()));
    }
  }

  private void terminate(Child child, CallFrom from) {
    if (child == null) {
      context().reply(from, false);
    } else if (child.ref == null) {
      // Being restarted: no actor to stop. Its pending retry finds it gone.
      context().reply(from, true);
      release(child);
    } else if (child.terminating != null) {
      context().reply(from, true); // already being stopped
    } else {
      child.terminating = from;
      Shutdown shutdown = template.shutdown();
      if (shutdown.timeout().isZero()) {
        context().stopChild(child.ref);
        return;
      }
      tellShutdownNotice(child.ref);
      if (!shutdown.isInfinite()) {
        context().startSingleTimer(child.ref, new ShutdownDue(child.ref), shutdown.timeout());
      }
    }
  }

  // ---------------------------------------------------------------- children stopping

  @Override
  protected void handleInfo(Object info) {
    if (info instanceof WatchedTerminated w) {
      Child child = running.remove(w.actor());
      if (child != null) {
        onChildStopped(child, w.failure().isPresent());
      }
    } else if (info instanceof RetryRestart r) {
      @SuppressWarnings("unchecked")
      Child child = (Child) r.child();
      if (child.ref == null && children.get(child.id) == child) { // not terminated meanwhile
        restart(child);
      }
    } else if (info instanceof ShutdownDue due) {
      if (running.containsKey(due.child())) {
        context().stopChild(due.child());
      }
    } else {
      super.handleInfo(info);
    }
  }

  private void onChildStopped(Child child, boolean failed) {
    if (child.terminating != null) {
      context().cancelTimer(child.ref);
      context().reply(child.terminating, true);
      release(child);
      return;
    }
    boolean again = switch (template.restart()) {
      case PERMANENT -> true;
      case TRANSIENT -> failed;
      case TEMPORARY -> false;
    };
    if (again) {
      restart(child);
    } else {
      release(child);
    }
  }

  private void restart(Child child) {
    if (!allowRestart()) {
      context().log().error("DynamicSupervisor is stopping: more than {} restarts within {} seconds",
          options.maxRestarts(), options.maxSeconds());
      context().stop(CancelReason.failure(new MaxRestartIntensityException(options.maxRestarts(), options.maxSeconds())));
      return;
    }
    try {
      child.ref = spawnRef(child.argument);
      if (child.ref == null) { // the template started nothing: the child is gone, whatever its restart type
        release(child);
      } else {
        running.put(child.ref, child);
      }
    } catch (Throwable e) {
      context().log().error("DynamicSupervisor failed to restart a child for [{}]; retrying", child.argument,
          rethrowIfFatal(e));
      child.ref = null;
      context().info(new RetryRestart(child));
    }
  }

  // Records a restart; false when it is one more than the intensity allows.
  private boolean allowRestart() {
    long now = System.nanoTime();
    long window = Duration.ofSeconds(options.maxSeconds()).toNanos();
    while (!restartTimes.isEmpty() && now - restartTimes.peekFirst() > window) {
      restartTimes.pollFirst();
    }
    restartTimes.addLast(now);
    return restartTimes.size() <= options.maxRestarts();
  }

  // The child is gone for good: forgotten, and its slot freed.
  private void release(Child child) {
    children.remove(child.id);
    if (child.owner == null) {
      startedOnRequest--;
      return;
    }
    Slots s = slots.get(child.owner);
    if (s != null) {
      s.running--;
      s.freed++;
      ended(s, child.position);
      askIfDue(s);
    }
  }

  // Children end out of order: events are acknowledged up to the oldest one whose child still runs.
  private void ended(Slots s, long position) {
    if (!s.acknowledgeOnExit) {
      return;
    }
    s.ended.set((int) (position - s.acknowledged));
    int done = s.ended.nextClearBit(0);
    if (done > 0) {
      context().acknowledge(s.subscription, done);
      s.acknowledged += done;
      s.ended = s.ended.get(done, Math.max(done, s.ended.length()));
    }
  }

  private void askIfDue(Slots s) {
    if (s.freed > 0 && s.freed >= s.min) {
      context().ask(s.subscription, s.freed);
      s.freed = 0;
    }
  }

  // ---------------------------------------------------------------- starting

  // Starts a child for an event; null when the template started nothing, or (logged) when its factory threw.
  private Child start(A event, SubscriptionTag owner) {
    try {
      return spawn(event, owner);
    } catch (Throwable e) {
      context().log().error("DynamicSupervisor failed to start a child for event [{}]", event, rethrowIfFatal(e));
      return null;
    }
  }

  /**
   * Returns {@code e} when the supervisor can carry on after it: anything the template's factory
   * throws (a runtime or checked exception, an {@code AssertionError}...) fails that one start.
   * Rethrows the errors after which the JVM is not to be trusted ({@code VirtualMachineError}s such
   * as {@code StackOverflowError} or {@code OutOfMemoryError}, {@code LinkageError},
   * {@code ThreadDeath}) and interruption, as Scala's {@code NonFatal} draws the line: Akka handles
   * those itself.
   */
  private static Throwable rethrowIfFatal(Throwable e) {
    if (e instanceof VirtualMachineError || e instanceof LinkageError || e instanceof ThreadDeath
        || e instanceof InterruptedException) {
      throw SupervisorHandler.<RuntimeException>sneakyThrow(e);
    }
    return e;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneakyThrow(Throwable e) throws E {
    throw (E) e;
  }

  private Child spawn(A argument, SubscriptionTag owner) {
    Child child = new Child(new ChildId(lastId + 1), argument, owner);
    child.ref = spawnRef(argument);
    if (child.ref == null) {
      return null;
    }
    lastId++;
    children.put(child.id, child);
    running.put(child.ref, child);
    return child;
  }

  // The new child, watched; null when the template started nothing for this argument.
  private ActorRef<?> spawnRef(A argument) {
    Behavior<?> behavior = template.factory().apply(argument);
    if (behavior == null) {
      throw new IllegalStateException("the child factory returned null for " + argument
          + " (return ChildSpec.ignore() to start nothing)");
    }
    if (ChildSpec.isIgnore(behavior)) {
      return null;
    }
    ActorRef<?> ref = context().spawnAnonymous(behavior, template.props());
    context().watch(ref);
    return ref;
  }

  private void tellShutdownNotice(ActorRef<?> child) {
    template.shutdownNotice().ifPresent(notice -> child.<Object>unsafeUpcast().tell(notice));
  }

  @Override
  protected Duration shutdownTimeout() {
    return template.shutdown().timeout(); // INFINITY's is ChronoUnit.FOREVER's: no limit
  }

  @Override
  protected void terminate(CancelReason reason) {
    if (!template.shutdown().timeout().isZero()) {
      // They are given time to stop; tell them to, so that idle ones stop at once.
      for (ActorRef<?> child : running.keySet()) {
        tellShutdownNotice(child);
      }
    }
    // Nothing is lost silently: children stopped mid-work are counted.
    if (!running.isEmpty() && template.shutdown().timeout().isZero()) {
      context().log().warn(
          "DynamicSupervisor is stopping with reason [{}] and [{}] running children, which stop with it "
              + "(shutdown IMMEDIATE; use Shutdown.within to let them finish)", reason, running.size());
    }
  }
}
