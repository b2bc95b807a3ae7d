package io.genstage.interop.internal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.pattern.StatusReply;
import akka.stream.Attributes;
import akka.stream.Inlet;
import akka.stream.SinkShape;
import akka.stream.stage.AbstractGraphStageWithMaterializedValue;
import akka.stream.stage.AbstractInHandler;
import akka.stream.stage.AsyncCallback;
import akka.stream.stage.GraphStageLogic;
import io.genstage.CancelReason;
import io.genstage.DemandMode;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.StageKind;
import io.genstage.SubscribeOptions;
import io.genstage.dispatch.ConsumerHandle;
import io.genstage.dispatch.Dispatcher;
import io.genstage.dispatch.DispatcherContext;
import io.genstage.dispatch.DispatcherFactory;
import io.genstage.dispatch.SubscriptionRefusedException;
import io.genstage.internal.StageCommand;
import io.genstage.interop.OnCancel;
import io.genstage.observe.StageStats;
import io.genstage.observe.SubscriptionStats;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.StatsRequest;
import io.genstage.protocol.SubscriptionTag;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. A Sink that is a producer: consumers subscribe to the materialized
 * {@link ProducerRef}, and the sink pulls from upstream only what they asked for, sending what it
 * pulled in one batch per interpreter run. A relay actor receives the consumers' messages and hands
 * them to the stage; the stage sends events and cancels itself.
 *
 * <p>Upstream completion reaches the consumers as a cancel with {@link CancelReason#NORMAL} once
 * every pulled event has been sent; upstream failure as a {@link CancelReason.Failure}.
 */
public final class ProducerSinkStage<T>
    extends AbstractGraphStageWithMaterializedValue<SinkShape<T>, ProducerRef<T, Void>> {

  private static final Logger LOG = LoggerFactory.getLogger(ProducerSinkStage.class);

  private enum Flush { INSTANCE }

  private final ActorSystem<?> system;
  private final DispatcherFactory<T> dispatcherFactory;
  private final DemandMode demandMode;
  private final OnCancel onCancel;
  private final ActorRef<?> awaitConsumer;
  private final Inlet<T> in = Inlet.create("StageSink.in");
  private final SinkShape<T> shape = SinkShape.of(in);

  /**
   * @param demandMode the demand mode it starts in ({@code FORWARD} when {@code awaitConsumer} is set)
   * @param awaitConsumer a consumer about to subscribe (for {@code StageSink.to}): if upstream ends
   *     before any consumer subscribed, the stage waits for it (or for its termination) and ends its
   *     subscription with upstream's reason, instead of leaving it to find a stopped producer
   */
  public ProducerSinkStage(
      ActorSystem<?> system, DispatcherFactory<T> dispatcher, DemandMode demandMode, OnCancel onCancel,
      ActorRef<?> awaitConsumer) {
    this.system = system;
    this.demandMode = demandMode;
    this.dispatcherFactory = dispatcher;
    this.onCancel = onCancel;
    this.awaitConsumer = awaitConsumer;
  }

  @Override
  public SinkShape<T> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, ProducerRef<T, Void>> createLogicAndMaterializedValuePair(Attributes attributes) {
    ActorRef<Object> relay = system.systemActorOf(SinkRelay.behavior(), "stage-sink-" + SubscriptionTag.create().id(),
        akka.actor.typed.Props.empty());
    Logic logic = new Logic(relay);
    ActorRef<ProducerMessage<T>> asProducer = relay.unsafeUpcast();
    return Pair.create(logic, ProducerRef.of(asProducer));
  }

  private final class Logic extends GraphStageLogic implements DispatcherContext {
    private final ActorRef<Object> relay;
    private final ActorRef<ProducerMessage<T>> self;
    private final Map<SubscriptionTag, SinkHandle<T>> consumers = new LinkedHashMap<>();
    private final Map<ActorRef<?>, Integer> watched = new LinkedHashMap<>();
    private final ArrayDeque<T> undelivered = new ArrayDeque<>();
    private final AsyncCallback<Object> flush;
    // Demand a dispatcher creates while dispatching is handled afterwards, never re-entrantly.
    private final AsyncCallback<Object> later;
    private Dispatcher<T> dispatcher;
    private List<T> batch = new ArrayList<>();
    private boolean flushScheduled;
    private long demand;
    private boolean upstreamDone;
    private DemandMode mode = demandMode;
    private final List<T> held = new ArrayList<>(); // pulled while accumulating, in order
    private boolean finished;
    private boolean everSubscribed;
    private CancelReason pendingEnd; // upstream's end, held for awaitConsumer or while accumulating

    private long sentEnded; // events sent on subscriptions that ended, for StageStats
    private long lastSentEndedMillis;

    Logic(ActorRef<Object> relay) {
      super(shape);
      this.relay = relay;
      this.self = relay.unsafeUpcast();
      this.flush = createAsyncCallback(m -> flush());
      this.later = createAsyncCallback(task -> ((Runnable) task).run());
      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          batch.add(grab(in));
          demand--;
          if (demand > 0 && mode == DemandMode.FORWARD) {
            pull(in);
          } else {
            flush();
          }
          if (!flushScheduled && !batch.isEmpty()) {
            // Send what this interpreter run pulled as one batch.
            flushScheduled = true;
            flush.invoke(Flush.INSTANCE);
          }
        }

        @Override
        public void onUpstreamFinish() {
          upstreamDone = true;
          flush();
          if (holdsEnd()) {
            pendingEnd = CancelReason.NORMAL;
            setKeepGoing(true);
          } else if (undelivered.isEmpty()) {
            finish(CancelReason.NORMAL);
          } else {
            setKeepGoing(true); // until the consumers have taken what was pulled
          }
        }

        @Override
        public void onUpstreamFailure(Throwable failure) {
          upstreamDone = true;
          flush();
          if (holdsEnd()) {
            pendingEnd = CancelReason.failure(failure);
            setKeepGoing(true);
          } else {
            finish(CancelReason.failure(failure));
          }
        }
      });
    }

    @Override
    public void preStart() {
      dispatcher = dispatcherFactory.create(this);
      relay.tell(new SinkRelay.Start(createAsyncCallback(this::onRelay)));
      if (awaitConsumer != null) {
        watched.put(awaitConsumer, 0);
        relay.tell(new SinkRelay.Watch(awaitConsumer));
      }
    }

    @Override
    public void postStop() {
      if (!finished) {
        // Stopped from outside (the materializer shut down): tell the consumers.
        finished = true;
        for (SinkHandle<T> h : consumers.values()) {
          h.consumer.tell(new ConsumerMessage.Cancelled<>(self, h.tag, CancelReason.SHUTDOWN));
        }
      }
      relay.tell(SinkRelay.Stop.INSTANCE);
    }

    private void onRelay(Object message) {
      if (message instanceof StatsRequest r) {
        r.replyTo().tell(StatusReply.success(stats()));
        return;
      }
      if (message instanceof StageCommand.GetDemandMode g) {
        g.replyTo().tell(StatusReply.success(mode));
        return;
      }
      if (message instanceof StageCommand.GetBufferedCount b) {
        b.replyTo().tell(StatusReply.success(buffered()));
        return;
      }
      if (finished) {
        return;
      }
      if (message instanceof StageCommand.SetDemandMode m) {
        setDemandMode(m.mode());
      } else if (message instanceof ProducerMessage.Subscribe<?> s) {
        onSubscribe(s);
      } else if (message instanceof ProducerMessage.Ask<?> a) {
        SinkHandle<T> h = consumers.get(a.tag());
        if (h == null) {
          reject(a.consumer(), a.tag());
        } else {
          h.asked += a.demand();
          addDemand(dispatcher.ask(a.demand(), h));
        }
      } else if (message instanceof ProducerMessage.Cancel<?> c) {
        SinkHandle<T> h = consumers.get(c.tag());
        if (h == null) {
          reject(c.consumer(), c.tag());
        } else {
          cancelConsumer(h, c.reason());
        }
      } else if (message instanceof SinkRelay.ConsumerDown d) {
        watched.remove(d.consumer());
        if (!everSubscribed && d.consumer().equals(awaitConsumer)) {
          // The awaited consumer died before subscribing: nobody will; end as if it had left.
          finish(pendingEnd != null ? pendingEnd : CancelReason.NORMAL);
          return;
        }
        for (SinkHandle<T> h : new ArrayList<>(consumers.values())) {
          if (h.consumer.equals(d.consumer())) {
            consumerLeft(h);
          }
        }
      }
    }

    private void onSubscribe(ProducerMessage.Subscribe<?> s) {
      if (s.replaces() != null && consumers.containsKey(s.replaces())) {
        SinkHandle<T> old = consumers.get(s.replaces());
        old.consumer.tell(new ConsumerMessage.Cancelled<>(self, old.tag, s.replaceReason()));
        consumerLeft(old);
      }
      ActorRef<ConsumerMessage<T>> consumer = s.consumer().unsafeUpcast();
      if (consumers.containsKey(s.tag())) {
        consumer.tell(new ConsumerMessage.Cancelled<>(self, s.tag(), CancelReason.DUPLICATED_SUBSCRIPTION));
        return;
      }
      SinkHandle<T> h = new SinkHandle<>(self, consumer, s.tag(), s.options());
      long more;
      try {
        more = dispatcher.subscribe(s.options(), h);
      } catch (SubscriptionRefusedException refused) {
        consumer.tell(new ConsumerMessage.Cancelled<>(self, s.tag(), refused.reason()));
        return;
      }
      consumers.put(h.tag, h);
      everSubscribed = true;
      if (pendingEnd != null && !holdsEnd()) {
        finish(pendingEnd);
        return;
      }
      if (watched.merge(consumer, 1, Integer::sum) == 1) {
        relay.tell(new SinkRelay.Watch(consumer));
      }
      addDemand(more);
    }

    /** This sink as a producer sees itself: what it pulled and has not sent counts as buffered. */
    private StageStats stats() {
      List<SubscriptionStats> subs = new ArrayList<>();
      long out = sentEnded;
      long lastMillis = lastSentEndedMillis;
      for (SinkHandle<T> h : consumers.values()) {
        lastMillis = Math.max(lastMillis, h.lastMillis);
        subs.add(new SubscriptionStats(h.tag, h.consumer, Math.max(0, h.asked - h.sent), h.options.minDemand(),
            h.options.maxDemand(), null, h.options.cancel(), h.sent, instant(h.lastMillis), false));
        out += h.sent;
      }
      return new StageStats(relay, relay.path().toString(), StageKind.PRODUCER, List.of(), List.copyOf(subs),
          ProducerOptions.UNBOUNDED, buffered(), 0, 0, 0, 0, out, null, instant(lastMillis));
    }

    /** Pulled and not sent yet. */
    private int buffered() {
      return undelivered.size() + batch.size() + held.size();
    }

    /** Whether upstream's end waits: for the awaited consumer, or for forward. */
    private boolean holdsEnd() {
      return mode == DemandMode.ACCUMULATE || (awaitConsumer != null && !everSubscribed);
    }

    /** To forward: sends what was held and the held end, then pulls for the demand gathered meanwhile. */
    private void setDemandMode(DemandMode next) {
      if (next == mode) {
        return;
      }
      mode = next;
      if (next == DemandMode.ACCUMULATE) {
        return;
      }
      if (!held.isEmpty()) {
        List<T> out = new ArrayList<>(held);
        held.clear();
        deliver(out);
      }
      CancelReason end = pendingEnd;
      pendingEnd = null;
      if (end instanceof CancelReason.Failure) {
        finish(end);
      } else {
        addDemand(0); // ends once everything went out, if upstream has
      }
    }

    private static Instant instant(long millis) {
      return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }

    private void reject(ActorRef<?> consumer, SubscriptionTag tag) {
      ActorRef<ConsumerMessage<T>> c = consumer.unsafeUpcast();
      c.tell(new ConsumerMessage.Cancelled<>(self, tag, CancelReason.UNKNOWN_SUBSCRIPTION));
    }

    /** Ends {@code h}'s subscription with {@code reason}, telling its consumer. */
    private void cancelConsumer(SinkHandle<T> h, CancelReason reason) {
      h.consumer.tell(new ConsumerMessage.Cancelled<>(self, h.tag, reason));
      consumerLeft(h);
    }

    private void consumerLeft(SinkHandle<T> h) {
      consumers.remove(h.tag);
      sentEnded += h.sent;
      lastSentEndedMillis = Math.max(lastSentEndedMillis, h.lastMillis);
      Integer count = watched.get(h.consumer);
      if (count != null) {
        if (count == 1) {
          watched.remove(h.consumer);
          relay.tell(new SinkRelay.Unwatch(h.consumer));
        } else {
          watched.put(h.consumer, count - 1);
        }
      }
      addDemand(dispatcher.cancel(h));
      if (consumers.isEmpty() && onCancel == OnCancel.STOP) {
        finish(CancelReason.NORMAL); // cancels upstream
      }
    }

    private void addDemand(long more) {
      demand += more;
      if (mode == DemandMode.ACCUMULATE) {
        return;
      }
      while (demand > 0 && !undelivered.isEmpty()) {
        List<T> retry = new ArrayList<>(undelivered);
        undelivered.clear();
        demand -= retry.size();
        deliver(retry);
        if (!undelivered.isEmpty()) {
          break;
        }
      }
      if (upstreamDone) {
        if (undelivered.isEmpty() && !finished) {
          finish(CancelReason.NORMAL);
        }
        return;
      }
      if (demand > 0 && !hasBeenPulled(in) && !isClosed(in)) {
        pull(in);
      }
    }

    private void flush() {
      flushScheduled = false;
      if (batch.isEmpty() || finished) {
        return;
      }
      List<T> out = batch;
      batch = new ArrayList<>();
      if (mode == DemandMode.ACCUMULATE) {
        held.addAll(out);
      } else {
        deliver(out);
      }
    }

    private void deliver(List<T> events) {
      List<T> leftovers = dispatcher.dispatch(events);
      undelivered.addAll(leftovers);
    }

    private void finish(CancelReason reason) {
      if (finished) {
        return;
      }
      finished = true;
      if (undelivered.size() + held.size() > 0) {
        LOG.warn("Producer sink [{}] ends with [{}] events no consumer could take", self.path(),
            undelivered.size() + held.size());
      }
      for (SinkHandle<T> h : consumers.values()) {
        h.consumer.tell(new ConsumerMessage.Cancelled<>(self, h.tag, reason));
      }
      consumers.clear();
      relay.tell(SinkRelay.Stop.INSTANCE);
      if (!isClosed(in)) {
        cancel(in);
      }
      completeStage();
    }

    // ------------------------------------------------------------ DispatcherContext

    @Override
    public void deliverInfo(Object info) {
      // A sink has no handler to deliver infos to.
    }

    @Override
    public void askOnBehalf(ConsumerHandle<?> consumer, long demand) {
      later.invoke((Runnable) () -> {
        SinkHandle<T> h = consumers.get(consumer.tag());
        if (h != null && !finished) {
          addDemand(dispatcher.ask(demand, h));
        }
      });
    }

    @Override
    public void cancel(ConsumerHandle<?> consumer, CancelReason reason) {
      later.invoke((Runnable) () -> {
        SinkHandle<T> h = consumers.get(consumer.tag());
        if (h != null && !finished) {
          cancelConsumer(h, reason);
        }
      });
    }

    @Override
    public void produceMore(long more) {
      later.invoke((Runnable) () -> {
        if (!finished) {
          addDemand(more);
        }
      });
    }

    @Override
    public Logger log() {
      return LOG;
    }

    @Override
    public String producerName() {
      return self.path().toString();
    }
  }
}
