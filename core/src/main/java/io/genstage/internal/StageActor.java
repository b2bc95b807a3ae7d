package io.genstage.internal;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.ChildFailed;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.pattern.StatusReply;
import io.genstage.CallFrom;
import io.genstage.CancelReason;
import io.genstage.GenStage;
import io.genstage.StageContext;
import io.genstage.StageExitException;
import io.genstage.StageKind;
import io.genstage.WatchedTerminated;
import io.genstage.internal.StageCommand.Call;
import io.genstage.internal.StageCommand.DrainTimeout;
import io.genstage.internal.StageCommand.GetBufferedCount;
import io.genstage.internal.StageCommand.GetDemandMode;
import io.genstage.internal.StageCommand.InfoRequest;
import io.genstage.internal.StageCommand.MoreDemand;
import io.genstage.internal.StageCommand.PeerDown;
import io.genstage.internal.StageCommand.SelfInfo;
import io.genstage.internal.StageCommand.SetDemandMode;
import io.genstage.internal.StageCommand.StageEnded;
import io.genstage.internal.StageCommand.Stop;
import io.genstage.internal.StageCommand.SubscribeRequest;
import io.genstage.internal.StageCommand.WatchCompletion;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.Subscription;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.StatsRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * INTERNAL API. The actor behind every stage, one incarnation of a producer, producer-consumer or
 * consumer: the shell around the user's handler and the stage's two halves.
 *
 * <p>A stage is one actor in three rooms. This shell receives every message and routes it: what
 * consumers send to the {@link ProducerHalf} (producers and producer-consumers), what producers
 * send to the {@link ConsumerHalf} (consumers and producer-consumers), the application's own
 * messages and the library's commands to the handler. It applies a callback's effects in one place
 * ({@link #emit}: its events first, then its replies; a stop it asked for once the current message
 * is done) and owns the lifecycle: watching peers, stopping, draining, telling every peer why the
 * stage ends, terminate, completion. A kind without a half has none: a producer has no consumer
 * half, a consumer no producer half. The halves reach the actor only through {@link StageShell};
 * the handler reaches it through its {@link HandlerContext}.
 */
@InternalApi
public final class StageActor extends AbstractBehavior<Object> implements StageShell {

  /** The behaviour of a stage: each (re)start builds a new incarnation from {@code config}. */
  public static Behavior<Object> create(StageConfig config) {
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new StageActor(ctx, timers, config)));
  }

  private record Reply(CallFrom from, Object value) {}

  /** Delivered like an info, after every event buffered or held before it: then the stage stops. */
  private record StopWhenDrained(CancelReason reason) {}

  private final ActorContext<Object> ctx;
  private final TimerScheduler<Object> timers;
  private final StageKind kind;
  private final StageHandler handler;
  private final String name;
  private final ActorRef<Object> self;
  private final ProducerHalf output; // null for a consumer
  private final ConsumerHalf input; // null for a producer
  private final Peers peers;
  private final StageObserver observer;
  private final CoarseClock clock;
  private final List<Reply> replies = new ArrayList<>();
  private final List<ActorRef<StageEnded>> completionWatchers = new ArrayList<>();
  private CancelReason stopReason;
  private CancelReason drainReason; // set while the stage drains before stopping
  private boolean drainMarked; // the drain's stop is queued behind what the stage holds
  private boolean terminated;
  private boolean endRecorded;

  private StageActor(ActorContext<Object> ctx, TimerScheduler<Object> timers, StageConfig config) {
    super(ctx);
    this.ctx = ctx;
    this.timers = timers;
    this.kind = config.kind();
    this.self = ctx.getSelf();
    StageEnds.started(self); // a restart begins a new incarnation, which has not ended
    this.clock = CoarseClock.get(ctx.getSystem());
    this.peers = new Peers(ctx, timers);
    this.name = self.path().toString();
    this.handler = config.handler().get();
    ctx.setLoggerName(handler.loggerName());
    this.handler.attach(new HandlerContext(this, ctx, timers));
    this.input = kind == StageKind.PRODUCER ? null : new ConsumerHalf(this, handler);
    if (kind == StageKind.CONSUMER) {
      this.output = null;
    } else {
      int bufferSize = config.bufferSize() == StageConfig.CONFIGURED_BUFFER_SIZE ? settings().bufferSize : config.bufferSize();
      this.output = new ProducerHalf(this, handler, config.dispatcher(), bufferSize, config.bufferKeep(),
          config.demand(), input);
      if (input != null) {
        input.gateBy(output);
      }
    }
    this.observer = new StageObserver(this, kind, output, input);
    if (settings().stallAfter != null) {
      timers.startTimerWithFixedDelay(StageObserver.CheckStalls.INSTANCE, StageObserver.CheckStalls.INSTANCE,
          settings().stallAfter);
    }
    for (StageConfig.InitialSubscription s : config.subscribeTo()) {
      subscribe(new SubscribeRequest(s.producer(), s.options(), null, null, null));
    }
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onAnyMessage(this::onMessage)
        .onSignal(Terminated.class, this::onWatchedTerminated)
        .onSignal(PostStop.class, s -> onStopped())
        .onSignal(PreRestart.class, s -> onStopped())
        .build();
  }

  private Behavior<Object> onMessage(Object msg) {
    try {
      route(msg);
    } catch (StageExitException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      // Any throwable a callback lets out is a failure its peers must hear of, an Error included
      // (an AssertionError, say): Akka would otherwise stop the actor as if it had been shut down.
      fail(e);
      throw e;
    }
    if (stopReason != null) {
      return stopWith(stopReason);
    }
    if (drainReason != null && !drainMarked) {
      // After the message's own events: queued like an info, it is reached once everything
      // emitted, buffered and queued before it has left.
      drainMarked = true;
      queueInfo(new StopWhenDrained(drainReason));
    }
    return this;
  }

  // Actors the handler watched (peers are watched with watchWith and arrive as PeerDown).
  private Behavior<Object> onWatchedTerminated(Terminated t) {
    Optional<Throwable> failure = t instanceof ChildFailed f ? Optional.of(f.getCause()) : Optional.empty();
    return onMessage(new SelfInfo(new WatchedTerminated(t.getRef(), failure)));
  }

  private void route(Object msg) {
    if (msg instanceof ProducerMessage<?> m) {
      if (output == null) {
        ctx.getLog().error("Consumer stage [{}] received a message meant for a producer: [{}]", name, m);
      } else {
        output.onMessage(m);
      }
    } else if (msg instanceof ConsumerMessage<?> m) {
      if (input == null) {
        ctx.getLog().error("Producer stage [{}] received a message meant for a consumer: [{}]", name, m);
      } else {
        input.onMessage(m);
      }
    } else if (msg instanceof StageCommand c) {
      onCommand(c);
    } else if (msg instanceof StatsRequest r) {
      observer.answer(r);
    } else if (msg == StageObserver.CheckStalls.INSTANCE) {
      observer.checkStalls(settings().stallAfter);
    } else if (msg == Peers.CheckAcrossNodes.INSTANCE) {
      if (input != null) {
        input.checkAcrossNodes();
      }
    } else {
      emit(handler.handleCast(msg));
    }
  }

  private void onCommand(StageCommand c) {
    if (c instanceof SubscribeRequest r) {
      subscribe(r);
    } else if (c instanceof Call call) {
      try {
        emit(handler.handleCall(call.request(), call.from()));
      } catch (RuntimeException | Error e) {
        // The stage fails; its caller learns why at once instead of waiting for its timeout.
        GenStage.replyError(call.from(), e);
        throw e;
      }
    } else if (c instanceof SelfInfo i) {
      if (i.info() instanceof StopWhenDrained stop) {
        requestStop(stop.reason());
      } else {
        emit(handler.handleInfo(i.info()));
      }
    } else if (c instanceof InfoRequest r) {
      queueInfo(r.info());
      if (r.queued() != null) {
        r.queued().tell(StatusReply.success(Done.getInstance()));
      }
    } else if (c instanceof PeerDown d) {
      onPeerDown(d.peer());
    } else if (c instanceof StageCommand.CancelUpstream cu) {
      if (input != null) {
        input.cancelUpstream(cu.tag(), cu.reason());
      }
    } else if (c instanceof SetDemandMode m) {
      if (output == null) {
        ctx.getLog().error("Demand mode can only be set for producers, stage [{}] is a {}", name, kind);
      } else {
        output.setDemandMode(m.mode());
      }
    } else if (c instanceof GetDemandMode || c instanceof GetBufferedCount) {
      observer.answer(c);
    } else if (c instanceof Stop s) {
      requestStop(s.reason());
    } else if (c instanceof StageCommand.Drain d) {
      drain(d);
    } else if (c instanceof WatchCompletion w) {
      completionWatchers.add(w.replyTo());
    } else if (c instanceof DrainTimeout t) {
      if (drainReason != null) {
        ctx.getLog().warn("Stage [{}] did not drain within [{} ms]: stopping with reason [{}]",
            name, t.timeout().toMillis(), drainReason);
        requestStop(drainReason);
      }
    } else if (c instanceof MoreDemand m) {
      if (output != null) {
        output.onDemand(m.demand());
      }
    }
  }

  private void subscribe(SubscribeRequest r) {
    if (input == null) {
      ctx.getLog().error("Producer stage [{}] cannot be subscribed to another stage: [{}]", name, r.producer());
      if (r.replyTo() != null) {
        r.replyTo().tell(StatusReply.error(new IllegalStateException(
            "stage " + name + " is a producer and cannot subscribe to another stage")));
      }
      return;
    }
    input.subscribe(r);
  }

  /** An info for handleInfo, delivered once every event emitted before it has left. */
  private void queueInfo(Object info) {
    if (output == null) {
      self.tell(new SelfInfo(info));
    } else if (input == null || !input.queueInfo(info)) {
      output.info(info);
    }
  }

  // ---------------------------------------------------------------- effects (StageShell)

  @Override
  public void emit(List<Object> events) {
    if (!events.isEmpty()) {
      if (output == null) {
        ctx.getLog().error("Consumer stage [{}] cannot dispatch events; dropped: [{}]", name, events);
      } else {
        output.dispatch(events);
      }
    }
    if (!replies.isEmpty()) {
      for (Reply r : replies) {
        GenStage.reply(r.from(), r.value());
      }
      replies.clear();
    }
  }

  @Override
  public <T> void send(ActorRef<T> to, T message) {
    to.tell(message);
  }

  @Override
  public void tellSelf(Object message) {
    self.tell(message);
  }

  @Override
  public ActorRef<Object> self() {
    return self;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Logger log() {
    return ctx.getLog();
  }

  @Override
  public boolean stopping() {
    return stopReason != null;
  }

  @Override
  public void requestStop(CancelReason reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  @Override
  public void stopWhenOutputDrained(CancelReason reason) {
    output.info(new StopWhenDrained(reason));
  }

  @Override
  public boolean draining() {
    return drainReason != null;
  }

  @Override
  public boolean acrossNodes(ActorRef<?> peer) {
    return Peers.acrossNodes(peer);
  }

  @Override
  public long nowMillis() {
    return clock.millis();
  }

  @Override
  public Settings settings() {
    return Settings.get(ctx.getSystem());
  }

  @Override
  public void checkAcrossNodes(boolean on) {
    peers.checkAcrossNodes(on);
  }

  @Override
  public String unsendable(ActorRef<?> peer, List<Object> events) {
    return peers.unsendable(peer, events);
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void watchPeer(ActorRef<?> peer) {
    peers.watch(peer);
  }

  @Override
  public void unwatchPeer(ActorRef<?> peer) {
    peers.unwatch(peer);
  }

  /**
   * A manual ask from the handler on one of this stage's subscriptions, through the input, which
   * numbers it across nodes; false if the subscription is not one of them.
   */
  boolean askManually(Subscription subscription, long demand) {
    if (input == null || !subscription.consumer().equals(self)) {
      return false;
    }
    input.askManually(subscription.tag(), demand);
    return true;
  }

  /** The handler acknowledges events of one of this stage's subscriptions (StageContext.acknowledge). */
  void acknowledge(Subscription subscription, long count) {
    if (input == null || !subscription.consumer().equals(self)) {
      throw new IllegalArgumentException("stage " + name + " cannot acknowledge events on [" + subscription
          + "]: it is not that subscription's consumer");
    }
    input.acknowledge(subscription.tag(), count);
  }

  private void onPeerDown(ActorRef<?> peer) {
    CancelReason reason = peers.down(peer);
    if (output != null) {
      output.peerDown(peer, reason);
    }
    if (input != null) {
      input.peerDown(peer, reason);
    }
  }

  /** Tells every peer why this incarnation ends, then runs terminate. */
  private void finish(CancelReason reason) {
    if (terminated) {
      return;
    }
    terminated = true;
    observer.warnOfDiscarded(reason);
    if (!reason.isNormal()) {
      JfrEvents.stageFailure(name, kind, reason);
    }
    if (output != null) {
      output.cancelAll(reason);
    }
    if (input != null) {
      input.cancelAll(reason);
    }
    try {
      handler.terminate(reason);
    } catch (RuntimeException | Error e) {
      ctx.getLog().error("terminate of stage [{}] failed", name, e);
    }

  }

  private Behavior<Object> stopWith(CancelReason reason) {
    finish(reason);
    Duration grace = handler.shutdownTimeout();
    if (!grace.isZero() && !ctx.getChildren().isEmpty()) {
      return AwaitingChildren.behavior(ctx, timers, grace, () -> stopNow(reason),
          () -> tellCompletion(CancelReason.SHUTDOWN)); // stopped from outside while it waited
    }
    return stopNow(reason);
  }

  private Behavior<Object> stopNow(CancelReason reason) {
    tellCompletion(reason);
    if (reason.isNormal()) {
      return Behaviors.stopped();
    }
    throw new StageExitException(reason);
  }

  /** Tells those waiting for this stage's end, once it has really ended (children included). */
  private void tellCompletion(CancelReason reason) {
    if (!endRecorded) { // the first word is the real one: a failure is followed by PostStop
      endRecorded = true;
      StageEnds.ended(self, reason); // for a completion asked too late to be told
    }
    for (ActorRef<StageEnded> watcher : completionWatchers) {
      watcher.tell(new StageEnded(reason));
    }
    completionWatchers.clear();
  }

  private void fail(Throwable e) {
    CancelReason reason = CancelReason.failure(e);
    finish(reason);
    tellCompletion(reason);
  }

  private Behavior<Object> onStopped() {
    // Stopped from outside (by the parent, or the system shutting down), or restarting after a
    // failure; or failed outside its callbacks (a classic Kill), which is no shutdown.
    CancelReason reason = ActorCells.failed(ctx) ? CancelReason.TERMINATED : CancelReason.SHUTDOWN;
    finish(reason);
    tellCompletion(reason);
    return this;
  }

  // ---------------------------------------------------------------- for the handler's context

  /** A reply the handler made: it leaves after the events of the callback that made it. */
  void replyAfterEvents(CallFrom from, Object value) {
    replies.add(new Reply(from, value));
  }

  /** Whether {@code actor} is a peer: the stage watches its peers itself. */
  boolean isPeer(ActorRef<?> actor) {
    return peers.contains(actor);
  }

  /** Starts draining; see {@link StageContext#stopWhenDrained}. The first request stands. */
  void drain(StageCommand.Drain request) {
    if (stopReason != null || drainReason != null) {
      return;
    }
    if (output == null) {
      requestStop(request.reason()); // a consumer holds nothing to drain
      return;
    }
    drainReason = request.reason();
    timers.startSingleTimer(DrainTimeout.class, new DrainTimeout(request.timeout()), request.timeout());
  }
}
