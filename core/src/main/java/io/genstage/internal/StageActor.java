package io.genstage.internal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.ChildFailed;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.Props;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.genstage.AskMode;
import io.genstage.CallFrom;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.DemandMode;
import io.genstage.StageContext;
import io.genstage.StageExitException;
import io.genstage.StageKind;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.WatchedTerminated;
import io.genstage.dispatch.ConsumerHandle;
import io.genstage.dispatch.Dispatcher;
import io.genstage.dispatch.DispatcherContext;
import io.genstage.dispatch.SubscriptionRefusedException;
import io.genstage.internal.StageCommand.Call;
import io.genstage.internal.StageCommand.GetBufferedCount;
import io.genstage.internal.StageCommand.GetDemandMode;
import io.genstage.internal.StageCommand.InfoRequest;
import io.genstage.internal.StageCommand.PeerDown;
import io.genstage.internal.StageCommand.SelfInfo;
import io.genstage.internal.StageCommand.SetDemandMode;
import io.genstage.internal.StageCommand.Stop;
import io.genstage.internal.StageCommand.SubscribeRequest;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ConsumerMessage.Cancelled;
import io.genstage.protocol.ConsumerMessage.Events;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.ProducerMessage.Ask;
import io.genstage.protocol.ProducerMessage.Cancel;
import io.genstage.protocol.ProducerMessage.Subscribe;
import io.genstage.protocol.SubscriptionTag;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * INTERNAL API. The actor behind every stage: one incarnation of a producer, producer-consumer or
 * consumer, hosting the user's handler.
 *
 * <p>Design notes. The producer half holds the dispatcher, the output buffer and the demand mode;
 * the consumer half holds one {@link ProducerSub} per upstream subscription. A producer-consumer
 * queues upstream batches in {@code incoming} and processes them only while {@code downstreamDemand}
 * is positive, so that no upstream ask leaves while its consumers want nothing. Every callback's
 * effects are applied in one place ({@link #emit}): its events are dispatched first, then its
 * replies are sent; a stop it asked for is carried out once the current message is done.
 */
@InternalApi
public final class StageActor extends AbstractBehavior<Object>
    implements StageContext<Object>, DispatcherContext {

  /** The behaviour of a stage: each (re)start builds a new incarnation from {@code config}. */
  public static Behavior<Object> create(StageConfig config) {
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new StageActor(ctx, timers, config)));
  }

  /** The producer half's record of one consumer. Equal by tag. */
  private final class ConsumerSub implements ConsumerHandle<Object> {
    final ActorRef<ConsumerMessage<Object>> consumer;
    final SubscriptionTag tag;
    final Subscription subscription;

    ConsumerSub(ActorRef<ConsumerMessage<Object>> consumer, SubscriptionTag tag) {
      this.consumer = consumer;
      this.tag = tag;
      this.subscription = new Subscription(self, consumer, tag);
    }

    @Override
    public SubscriptionTag tag() {
      return tag;
    }

    @Override
    public Object owner() {
      return consumer;
    }

    @Override
    public void send(List<Object> events) {
      consumer.tell(new Events<>(selfAsProducer, tag, events));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ConsumerHandle<?> h && h.tag().equals(tag);
    }

    @Override
    public int hashCode() {
      return tag.hashCode();
    }

    @Override
    public String toString() {
      return "Consumer(" + consumer.path() + ", " + tag + ")";
    }
  }

  /** The consumer half's record of one producer. */
  private static final class ProducerSub {
    final ActorRef<ProducerMessage<Object>> producer;
    final SubscriptionTag tag;
    final Subscription subscription;
    final int min;
    final int max;
    final CancelMode cancelMode;
    AskMode askMode = AskMode.AUTOMATIC;
    long demand;
    boolean gone;

    ProducerSub(ActorRef<ProducerMessage<Object>> producer, Subscription subscription, SubscribeOptions options) {
      this.producer = producer;
      this.tag = subscription.tag();
      this.subscription = subscription;
      this.min = options.minDemand();
      this.max = options.maxDemand();
      this.cancelMode = options.cancel();
    }
  }

  // Entries of a producer-consumer's incoming queue.
  private record PendingEvents(ProducerSub from, List<Object> events) {}

  private record PendingInfo(Object info) {}

  private record PendingCancel(ProducerSub from, Cancellation cancellation) {}

  private record Reply(CallFrom from, Object value) {}

  /** Delivered like an info, after every event buffered or held before it: then the stage stops. */
  private record StopWhenDrained(CancelReason reason) {}

  private final ActorContext<Object> ctx;
  private final TimerScheduler<Object> timers;
  private final StageKind kind;
  private final StageHandler handler;
  private final String name;
  private final ActorRef<Object> self;
  private final ActorRef<ProducerMessage<Object>> selfAsProducer;
  private final ActorRef<ConsumerMessage<Object>> selfAsConsumer;

  // Producer half (producers and producer-consumers).
  private final Dispatcher<Object> dispatcher;
  private final EventBuffer buffer;
  private final int bufferSize;
  private final Map<SubscriptionTag, ConsumerSub> consumers = new LinkedHashMap<>();
  private DemandMode demandMode;
  private List<Object> accumulated = new ArrayList<>(); // Long demands and event lists, in arrival order
  private long discardedTotal;

  // Consumer half (consumers and producer-consumers).
  private final Map<SubscriptionTag, ProducerSub> producers = new LinkedHashMap<>();
  private final ArrayDeque<Object> incoming = new ArrayDeque<>();
  private long downstreamDemand;
  private boolean draining;

  private final Map<ActorRef<?>, Integer> watchCounts = new HashMap<>();
  private final List<Reply> replies = new ArrayList<>();
  private CancelReason stopReason;
  private boolean terminated;

  @SuppressWarnings("unchecked")
  private StageActor(ActorContext<Object> ctx, TimerScheduler<Object> timers, StageConfig config) {
    super(ctx);
    this.ctx = ctx;
    this.timers = timers;
    this.kind = config.kind();
    this.self = ctx.getSelf();
    this.selfAsProducer = cast(self);
    this.selfAsConsumer = cast(self);
    this.name = self.path().toString();
    this.handler = Objects.requireNonNull(config.handler().get(), "the handler supplier returned null");
    this.handler.attach(this);
    if (kind != StageKind.CONSUMER) {
      this.dispatcher = (Dispatcher<Object>) config.dispatcher().create(this);
      this.buffer = new EventBuffer(config.bufferSize(), config.bufferKeep());
      this.bufferSize = config.bufferSize();
      this.demandMode = kind == StageKind.PRODUCER ? config.demand() : DemandMode.FORWARD;
    } else {
      this.dispatcher = null;
      this.buffer = null;
      this.bufferSize = 0;
      this.demandMode = DemandMode.FORWARD;
    }
    for (StageConfig.InitialSubscription s : config.subscribeTo()) {
      subscribe(new SubscribeRequest(s.producer(), s.options(), null, null, null));
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> ActorRef<T> cast(ActorRef<?> ref) {
    return (ActorRef<T>) ref;
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
    } catch (RuntimeException e) {
      fail(e);
      throw e;
    }
    if (stopReason != null) {
      return stopWith(stopReason);
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
      if (kind == StageKind.CONSUMER) {
        ctx.getLog().error("Consumer stage [{}] received a message meant for a producer: [{}]", name, m);
      } else if (m instanceof Subscribe<?> s) {
        onSubscribe(s);
      } else if (m instanceof Ask<?> a) {
        onAsk(a);
      } else if (m instanceof Cancel<?> c) {
        onCancel(c);
      }
    } else if (msg instanceof ConsumerMessage<?> m) {
      if (kind == StageKind.PRODUCER) {
        ctx.getLog().error("Producer stage [{}] received a message meant for a consumer: [{}]", name, m);
      } else if (m instanceof Events<?> e) {
        onEvents(e);
      } else if (m instanceof Cancelled<?> c) {
        onCancelled(c);
      }
    } else if (msg instanceof StageCommand c) {
      onCommand(c);
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
      } catch (RuntimeException e) {
        // The stage fails; its caller learns why at once instead of waiting for its timeout.
        io.genstage.GenStage.replyError(call.from(), e);
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
        r.queued().complete(null);
      }
    } else if (c instanceof PeerDown d) {
      onPeerDown(d.peer());
    } else if (c instanceof SetDemandMode m) {
      setDemandMode(m.mode());
    } else if (c instanceof GetDemandMode g) {
      g.reply().complete(demandMode);
    } else if (c instanceof GetBufferedCount g) {
      if (kind == StageKind.CONSUMER) {
        ctx.getLog().error("Buffered count can only be requested for producers, stage [{}] is a consumer", name);
        g.reply().complete(0);
      } else {
        g.reply().complete(buffer.eventCount());
      }
    } else if (c instanceof Stop s) {
      requestStop(s.reason());
    } else if (c instanceof StageCommand.MoreDemand m) {
      if (kind != StageKind.CONSUMER) {
        onDemand(m.demand());
      }
    }
  }

  // ---------------------------------------------------------------- producer half

  private void onSubscribe(Subscribe<?> s) {
    if (s.replaces() != null) {
      ConsumerSub old = consumers.get(s.replaces());
      if (old != null) {
        consumerLeft(old, Cancellation.Kind.CANCEL, s.replaceReason(), true);
        if (stopReason != null) {
          return;
        }
      }
    }
    ActorRef<ConsumerMessage<Object>> consumer = cast(s.consumer());
    if (consumers.containsKey(s.tag())) {
      ctx.getLog().error("Producer stage [{}] received duplicated subscription [{}] from [{}]", name, s.tag(), consumer);
      consumer.tell(new Cancelled<>(selfAsProducer, s.tag(), CancelReason.DUPLICATED_SUBSCRIPTION));
      return;
    }
    ConsumerSub sub = new ConsumerSub(consumer, s.tag());
    consumers.put(s.tag(), sub);
    watchPeer(consumer);
    AskMode mode = handler.handleSubscribe(StageKind.CONSUMER, sub.subscription, s.options());
    if (mode != AskMode.AUTOMATIC) {
      throw new IllegalStateException(
          "handleSubscribe must return AUTOMATIC for a consumer's subscription (only the consuming side can ask manually), got: "
              + mode);
    }
    if (stopReason != null) {
      return;
    }
    long demand;
    try {
      demand = dispatcher.subscribe(s.options(), sub);
    } catch (SubscriptionRefusedException refused) {
      consumers.remove(sub.tag);
      unwatchPeer(consumer);
      consumer.tell(new Cancelled<>(selfAsProducer, sub.tag, refused.reason()));
      emit(handler.handleCancel(new Cancellation(Cancellation.Kind.CANCEL, refused.reason()), sub.subscription));
      return;
    }
    onDemand(demand);
  }

  private void onAsk(Ask<?> a) {
    ConsumerSub sub = consumers.get(a.tag());
    if (sub == null) {
      ActorRef<ConsumerMessage<Object>> consumer = cast(a.consumer());
      consumer.tell(new Cancelled<>(selfAsProducer, a.tag(), CancelReason.UNKNOWN_SUBSCRIPTION));
      return;
    }
    onDemand(dispatcher.ask(a.demand(), sub));
  }

  private void onCancel(Cancel<?> c) {
    ConsumerSub sub = consumers.get(c.tag());
    if (sub == null) {
      ActorRef<ConsumerMessage<Object>> consumer = cast(c.consumer());
      consumer.tell(new Cancelled<>(selfAsProducer, c.tag(), CancelReason.UNKNOWN_SUBSCRIPTION));
      return;
    }
    consumerLeft(sub, Cancellation.Kind.CANCEL, c.reason(), true);
  }

  private void consumerLeft(ConsumerSub sub, Cancellation.Kind how, CancelReason reason, boolean echo) {
    consumers.remove(sub.tag);
    unwatchPeer(sub.consumer);
    if (echo) {
      sub.consumer.tell(new Cancelled<>(selfAsProducer, sub.tag, reason));
    }
    List<Object> events = handler.handleCancel(new Cancellation(how, reason), sub.subscription);
    long demand = dispatcher.cancel(sub);
    emit(events);
    if (stopReason == null) {
      onDemand(demand);
    }
  }

  /** Demand the dispatcher passed on: the buffer first, then the handler (or the incoming queue). */
  private void onDemand(long demand) {
    if (demand <= 0) {
      return;
    }
    long rest = takeFromBuffer(demand);
    if (rest == 0) {
      return;
    }
    if (kind == StageKind.PRODUCER_CONSUMER) {
      downstreamDemand += rest;
      drainIncoming();
    } else if (demandMode == DemandMode.ACCUMULATE) {
      accumulated.add(rest);
    } else {
      emit(handler.handleDemand(rest));
    }
  }

  /** Serves up to {@code demand} from the buffer, delivering infos it passes; returns what is left. */
  private long takeFromBuffer(long demand) {
    while (true) {
      buffer.takeLeadingInfos(dispatcher::info);
      if (demand == 0 || buffer.isEmpty()) {
        return demand;
      }
      List<Object> batch = buffer.takeEvents(demand);
      demand -= batch.size();
      if (demandMode == DemandMode.ACCUMULATE) {
        accumulated.add(batch);
        continue;
      }
      List<Object> leftovers = dispatcher.dispatch(batch);
      if (!leftovers.isEmpty()) {
        // The dispatcher could not place them after all: keep their place and wait for more demand.
        buffer.pushFront(leftovers);
        return 0;
      }
    }
  }

  /** Applies a callback's effects: its events are dispatched (or buffered), then its replies sent. */
  private void emit(List<Object> events) {
    if (!events.isEmpty()) {
      dispatchEvents(events);
    }
    if (!replies.isEmpty()) {
      for (Reply r : replies) {
        io.genstage.GenStage.reply(r.from(), r.value());
      }
      replies.clear();
    }
  }

  private void dispatchEvents(List<Object> events) {
    if (kind == StageKind.CONSUMER) {
      ctx.getLog().error("Consumer stage [{}] cannot dispatch events; dropped: [{}]", name, events);
      return;
    }
    if (demandMode == DemandMode.ACCUMULATE) {
      accumulated.add(events);
      return;
    }
    List<Object> leftovers = dispatcher.dispatch(events);
    if (kind == StageKind.PRODUCER_CONSUMER) {
      downstreamDemand = Math.max(0, downstreamDemand - events.size());
    }
    if (!leftovers.isEmpty()) {
      int discarded = buffer.store(leftovers, dispatcher::info);
      if (discarded > 0) {
        discardedTotal += discarded;
        if (handler.formatDiscarded(discarded)) {
          ctx.getLog().warn(
              "Producer stage [{}] has discarded [{}] events from its buffer (bufferSize [{}], {} discarded in all)",
              name, discarded, bufferSize, discardedTotal);
        }
      }
    }
  }

  private void queueInfo(Object info) {
    if (kind == StageKind.CONSUMER) {
      self.tell(new SelfInfo(info));
    } else if (kind == StageKind.PRODUCER_CONSUMER && !incoming.isEmpty()) {
      incoming.addLast(new PendingInfo(info));
    } else {
      producerInfo(info);
    }
  }

  private void producerInfo(Object info) {
    if (buffer.isEmpty()) {
      dispatcher.info(info);
    } else {
      buffer.storeInfo(info);
    }
  }

  private void setDemandMode(DemandMode mode) {
    if (kind != StageKind.PRODUCER) {
      if (!(kind == StageKind.PRODUCER_CONSUMER && mode == DemandMode.FORWARD)) {
        ctx.getLog().error("Demand mode can only be set for producers, stage [{}] is a {}", name, kind);
      }
      return;
    }
    if (mode == demandMode) {
      return;
    }
    demandMode = mode;
    if (mode == DemandMode.FORWARD) {
      List<Object> replay = accumulated;
      accumulated = new ArrayList<>();
      for (Object entry : replay) {
        if (stopReason != null) {
          return;
        }
        if (entry instanceof Long demand) {
          onDemand(demand);
        } else {
          @SuppressWarnings("unchecked")
          List<Object> events = (List<Object>) entry;
          dispatchEvents(events);
        }
      }
    }
  }

  // ---------------------------------------------------------------- consumer half

  private void subscribe(SubscribeRequest r) {
    if (kind == StageKind.PRODUCER) {
      ctx.getLog().error("Producer stage [{}] cannot be subscribed to another stage: [{}]", name, r.producer());
      if (r.reply() != null) {
        r.reply().completeExceptionally(new IllegalStateException(
            "stage " + name + " is a producer and cannot subscribe to another stage"));
      }
      return;
    }
    try {
      ActorRef<ProducerMessage<Object>> producer = cast(r.producer());
      SubscriptionTag tag = SubscriptionTag.create();
      Subscription subscription = new Subscription(producer, self, tag);
      ProducerSub sub = new ProducerSub(producer, subscription, r.options());
      producers.put(tag, sub);
      watchPeer(producer);
      producer.tell(new Subscribe<>(selfAsConsumer, tag, r.options(), r.replaces(), r.replaceReason()));
      sub.askMode = Objects.requireNonNull(
          handler.handleSubscribe(StageKind.PRODUCER, subscription, r.options()), "handleSubscribe returned null");
      if (r.reply() != null) {
        r.reply().complete(subscription);
      }
      if (sub.askMode == AskMode.AUTOMATIC && stopReason == null) {
        sub.demand = sub.max;
        producer.tell(new Ask<>(selfAsConsumer, tag, sub.max));
      }
    } catch (RuntimeException e) {
      if (r.reply() != null) {
        r.reply().completeExceptionally(e);
      }
      throw e;
    }
  }

  private void onEvents(Events<?> e) {
    ProducerSub sub = producers.get(e.tag());
    if (sub == null) {
      ActorRef<ProducerMessage<Object>> producer = cast(e.producer());
      producer.tell(new Cancel<>(selfAsConsumer, e.tag(), CancelReason.UNKNOWN_SUBSCRIPTION));
      return;
    }
    @SuppressWarnings("unchecked")
    List<Object> events = (List<Object>) e.events();
    if (kind == StageKind.CONSUMER) {
      consume(sub, events);
    } else {
      incoming.addLast(new PendingEvents(sub, events));
      drainIncoming();
    }
  }

  /** Hands one upstream message to handleEvents in batches of at most max - min, asking after each. */
  private void consume(ProducerSub sub, List<Object> events) {
    if (sub.gone || sub.askMode == AskMode.MANUAL) {
      emit(handler.handleEvents(events, sub.subscription));
      return;
    }
    int size = events.size();
    int step = sub.max - sub.min;
    long owed = sub.demand; // what the producer may still send without excess
    int offset = 0;
    while (offset < size) {
      int n = Math.min(step, size - offset);
      List<Object> batch = n == size ? events : events.subList(offset, offset + n);
      offset += n;
      long counted = n;
      if (n > owed) {
        ctx.getLog().error("Consumer stage [{}] has received [{}] events in excess from [{}]",
            name, n - owed, sub.producer);
        counted = owed;
      }
      owed -= counted;
      long left = sub.demand - counted;
      long ask = 0;
      if (left <= sub.min) {
        ask = sub.max - left;
        sub.demand = sub.max;
      } else {
        sub.demand = left;
      }
      emit(handler.handleEvents(batch, sub.subscription));
      if (stopReason != null) {
        return;
      }
      if (ask > 0 && !sub.gone) {
        sub.producer.tell(new Ask<>(selfAsConsumer, sub.tag, ask));
      }
    }
  }

  /** A producer-consumer processes queued upstream messages while its consumers have demand. */
  private void drainIncoming() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (!incoming.isEmpty() && stopReason == null) {
        Object head = incoming.peekFirst();
        if (head instanceof PendingEvents pe) {
          if (downstreamDemand <= 0) {
            return;
          }
          incoming.pollFirst();
          consume(pe.from(), pe.events());
        } else if (head instanceof PendingInfo pi) {
          incoming.pollFirst();
          producerInfo(pi.info());
        } else if (head instanceof PendingCancel pc) {
          incoming.pollFirst();
          afterProducerLeft(pc.from(), pc.cancellation());
        }
      }
    } finally {
      draining = false;
    }
  }

  private void onCancelled(Cancelled<?> c) {
    ProducerSub sub = producers.get(c.tag());
    if (sub != null) {
      producerLeft(sub, new Cancellation(Cancellation.Kind.CANCEL, c.reason()));
    }
  }

  private void producerLeft(ProducerSub sub, Cancellation cancellation) {
    producers.remove(sub.tag);
    unwatchPeer(sub.producer);
    sub.gone = true;
    if (kind == StageKind.PRODUCER_CONSUMER && !incoming.isEmpty()) {
      // Events from this producer are still queued: handle the cancel when the queue reaches it.
      incoming.addLast(new PendingCancel(sub, cancellation));
      return;
    }
    afterProducerLeft(sub, cancellation);
  }

  private void afterProducerLeft(ProducerSub sub, Cancellation cancellation) {
    emit(handler.handleCancel(cancellation, sub.subscription));
    if (stopReason != null) {
      return;
    }
    CancelReason reason = cancellation.reason();
    boolean stop = reason != CancelReason.ALREADY_SUBSCRIBED
        && switch (sub.cancelMode) {
          case PERMANENT -> true;
          case TRANSIENT -> !reason.isNormal();
          case TEMPORARY -> false;
        };
    if (stop) {
      ctx.getLog().info("Consumer stage [{}] is stopping after its {} subscription to [{}] ended with reason [{}]",
          name, sub.cancelMode, sub.producer, reason);
      if (kind == StageKind.PRODUCER_CONSUMER && reason.isNormal()) {
        // Its input ended normally: let what it already produced reach its consumers first.
        producerInfo(new StopWhenDrained(reason));
      } else {
        requestStop(reason);
      }
    }
  }

  // ---------------------------------------------------------------- both halves

  private void onPeerDown(ActorRef<?> peer) {
    watchCounts.remove(peer);
    for (ConsumerSub sub : new ArrayList<>(consumers.values())) {
      if (sub.consumer.equals(peer) && stopReason == null) {
        consumerLeft(sub, Cancellation.Kind.DOWN, CancelReason.TERMINATED, false);
      }
    }
    for (ProducerSub sub : new ArrayList<>(producers.values())) {
      if (sub.producer.equals(peer) && stopReason == null) {
        producerLeft(sub, new Cancellation(Cancellation.Kind.DOWN, CancelReason.TERMINATED));
      }
    }
  }

  private void watchPeer(ActorRef<?> peer) {
    if (watchCounts.merge(peer, 1, Integer::sum) == 1) {
      ctx.watchWith(peer, new PeerDown(peer));
    }
  }

  private void unwatchPeer(ActorRef<?> peer) {
    Integer count = watchCounts.get(peer);
    if (count == null) {
      return;
    }
    if (count == 1) {
      watchCounts.remove(peer);
      ctx.unwatch(peer);
    } else {
      watchCounts.put(peer, count - 1);
    }
  }

  private void requestStop(CancelReason reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  /** Tells every peer why this incarnation ends, then runs terminate. */
  private void finish(CancelReason reason) {
    if (terminated) {
      return;
    }
    terminated = true;
    for (ConsumerSub sub : consumers.values()) {
      sub.consumer.tell(new Cancelled<>(selfAsProducer, sub.tag, reason));
    }
    for (ProducerSub sub : producers.values()) {
      sub.producer.tell(new Cancel<>(selfAsConsumer, sub.tag, reason));
    }
    consumers.clear();
    producers.clear();
    try {
      handler.terminate(reason);
    } catch (RuntimeException e) {
      ctx.getLog().error("terminate of stage [{}] failed", name, e);
    }
  }

  private Behavior<Object> stopWith(CancelReason reason) {
    finish(reason);
    Duration grace = handler.shutdownTimeout();
    if (!grace.isZero() && !ctx.getChildren().isEmpty()) {
      return awaitChildren(reason, grace);
    }
    return stopNow(reason);
  }

  private static Behavior<Object> stopNow(CancelReason reason) {
    if (reason.isNormal()) {
      return Behaviors.stopped();
    }
    throw new StageExitException(reason);
  }

  private enum ShutdownTimeout { INSTANCE }

  /** Waits up to {@code grace} for the children to stop on their own; Akka stops the rest with the stage. */
  private Behavior<Object> awaitChildren(CancelReason reason, Duration grace) {
    Set<ActorRef<?>> awaiting = new HashSet<>(ctx.getChildren());
    for (ActorRef<?> child : awaiting) {
      try {
        ctx.watch(child);
      } catch (IllegalStateException alreadyWatchedWithAMessage) {
        // Its termination arrives as that message instead; the timeout still bounds the wait.
      }
    }
    timers.startSingleTimer(ShutdownTimeout.INSTANCE, ShutdownTimeout.INSTANCE, grace);
    return Behaviors.receive(Object.class)
        .onMessage(ShutdownTimeout.class, m -> stopNow(reason))
        .onSignal(Terminated.class, t -> {
          awaiting.remove(t.getRef());
          return awaiting.isEmpty() ? stopNow(reason) : Behaviors.same();
        })
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  private void fail(RuntimeException e) {
    finish(CancelReason.failure(e));
  }

  private Behavior<Object> onStopped() {
    // Stopped from outside (by the parent, or the system shutting down), or restarting after a failure.
    finish(CancelReason.SHUTDOWN);
    return this;
  }

  // ---------------------------------------------------------------- StageContext

  @Override
  public Logger log() {
    return ctx.getLog();
  }

  @Override
  public ActorRef<Object> self() {
    return self;
  }

  @Override
  public ActorSystem<Void> system() {
    return ctx.getSystem();
  }

  @Override
  public void ask(Subscription subscription, long demand) {
    if (demand < 1) {
      throw new IllegalArgumentException("demand must be >= 1, got: " + demand);
    }
    ActorRef<ProducerMessage<Object>> producer = cast(subscription.producer());
    producer.tell(new Ask<>(cast(subscription.consumer()), subscription.tag(), demand));
  }

  @Override
  public void cancel(Subscription subscription, CancelReason reason) {
    io.genstage.GenStage.cancel(subscription, reason);
  }

  @Override
  public void reply(CallFrom from, Object value) {
    replies.add(new Reply(from, value));
  }

  @Override
  public void stop(CancelReason reason) {
    requestStop(Objects.requireNonNull(reason, "reason"));
  }

  @Override
  public void info(Object info) {
    self.tell(new InfoRequest(info, null));
  }

  @Override
  public void startSingleTimer(Object key, Object info, Duration delay) {
    timers.startSingleTimer(key, new SelfInfo(info), delay);
  }

  @Override
  public void cancelTimer(Object key) {
    timers.cancel(key);
  }

  @Override
  public <T> ActorRef<T> spawnAnonymous(Behavior<T> behavior, Props props) {
    return ctx.spawnAnonymous(behavior, props);
  }

  @Override
  public void watch(ActorRef<?> actor) {
    if (watchCounts.containsKey(actor)) {
      throw new IllegalArgumentException("stage " + name + " already watches its peer " + actor);
    }
    ctx.watch(actor);
  }

  @Override
  public void unwatch(ActorRef<?> actor) {
    if (!watchCounts.containsKey(actor)) {
      ctx.unwatch(actor);
    }
  }

  @Override
  public void stopChild(ActorRef<?> child) {
    ctx.stop(child);
  }

  // ---------------------------------------------------------------- DispatcherContext

  @Override
  public void deliverInfo(Object info) {
    self.tell(new SelfInfo(info));
  }

  @Override
  public void askOnBehalf(ConsumerHandle<?> consumer, long demand) {
    if (consumer instanceof ConsumerSub sub) {
      self.tell(new Ask<>(sub.consumer, sub.tag, demand));
    }
  }

  @Override
  public void produceMore(long demand) {
    if (demand > 0) {
      self.tell(new StageCommand.MoreDemand(demand));
    }
  }

  @Override
  public String producerName() {
    return name;
  }
}
