package io.genstage.interop.internal;

import akka.actor.Cancellable;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.japi.Pair;
import akka.pattern.StatusReply;
import akka.stream.Attributes;
import akka.stream.Outlet;
import akka.stream.SourceShape;
import akka.stream.stage.AbstractGraphStageWithMaterializedValue;
import akka.stream.stage.AbstractOutHandler;
import akka.stream.stage.AsyncCallback;
import akka.stream.stage.GraphStageLogic;
import io.genstage.AskMode;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.StageExitException;
import io.genstage.StageKind;
import io.genstage.SubscribeOptions;
import io.genstage.observe.StageStats;
import io.genstage.observe.SubscriptionStats;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.StatsRequest;
import io.genstage.protocol.SubscriptionTag;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * INTERNAL API. A Source that subscribes to a producer stage. A small relay actor speaks the
 * protocol (it watches the producer, so that the subscription is location transparent and
 * watchable) and hands what it receives to the stage through an async callback; the stage asks
 * through the relay, so that every message to the producer leaves from one sender, in order.
 *
 * <p>Demand: the stage asks {@code maxDemand} at first, and after each element it pushes, when what
 * the producer owes plus what it holds has fallen to {@code minDemand}, asks for the rest up to
 * {@code maxDemand}: GenStage's consumer-side batching, driven by downstream pulls.
 */
public final class SourceStage<T> extends AbstractGraphStageWithMaterializedValue<SourceShape<T>, Cancellable> {

  /** How the producer's cancel ends the stream. */
  public enum Ending {
    /** NORMAL (and any reason on a TEMPORARY subscription) completes, others (SHUTDOWN too) fail. */
    BY_REASON,
    /** GenStage's stream: PERMANENT fails on any reason, TRANSIENT on abnormal ones, TEMPORARY never. */
    BY_CANCEL_MODE
  }

  // Relay protocol: what the stage tells its relay.
  private record AskFor(long demand) {}

  private record CancelWith(CancelReason reason) {}

  private enum StopRelay { INSTANCE }

  private enum ProducerDown { INSTANCE }

  private record RunAfterSubscribe(Runnable action) {}

  private final ActorRef<ProducerMessage<T>> producer;
  private final SubscribeOptions<?> options;
  private final Ending ending;
  private final CompletionStage<Runnable> afterSubscribe;
  private final Runnable onDownstreamCancel;
  private final Outlet<T> out = Outlet.create("StageSource.out");
  private final SourceShape<T> shape = SourceShape.of(out);

  public SourceStage(ActorRef<ProducerMessage<T>> producer, SubscribeOptions<?> options, Ending ending) {
    this(producer, options, ending, null);
  }

  /**
   * @param afterSubscribe an action the relay runs once it has sent its subscription, so that what
   *     the action sends to the producer arrives after it (a flow subscribes its stage's input this
   *     way: the stage cannot then end before its output is subscribed); may be null
   */
  public SourceStage(ActorRef<ProducerMessage<T>> producer, SubscribeOptions<?> options, Ending ending,
      CompletionStage<Runnable> afterSubscribe) {
    this(producer, options, ending, afterSubscribe, null);
  }

  /**
   * @param onDownstreamCancel run when downstream cancels while the subscription is live, after its
   *     cancel has been sent (a flow stops its stage this way); may be null
   */
  public SourceStage(ActorRef<ProducerMessage<T>> producer, SubscribeOptions<?> options, Ending ending,
      CompletionStage<Runnable> afterSubscribe, Runnable onDownstreamCancel) {
    this.producer = producer;
    this.options = options;
    this.ending = ending;
    this.afterSubscribe = afterSubscribe;
    this.onDownstreamCancel = onDownstreamCancel;
  }

  @Override
  public SourceShape<T> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, Cancellable> createLogicAndMaterializedValuePair(Attributes attributes) {
    Logic logic = new Logic();
    return Pair.create(logic, logic.control);
  }

  /** The relay: subscribes on the stage's behalf and forwards the producer's messages to it. */
  private Behavior<Object> relay(SubscriptionTag tag, AsyncCallback<Object> toStage) {
    return Behaviors.setup(ctx -> {
      ActorRef<ConsumerMessage<T>> self = ctx.getSelf().unsafeUpcast();
      ctx.watchWith(producer, ProducerDown.INSTANCE);
      producer.tell(new ProducerMessage.Subscribe<>(self, tag, options, null, null));
      if (afterSubscribe != null) {
        afterSubscribe.thenAccept(action -> ctx.getSelf().tell(new RunAfterSubscribe(action)));
      }
      return Behaviors.receive(Object.class)
          .onMessage(RunAfterSubscribe.class, r -> {
            r.action().run(); // from this actor: ordered after the Subscribe above
            return Behaviors.same();
          })
          .onMessage(AskFor.class, a -> {
            producer.tell(new ProducerMessage.Ask<>(self, tag, a.demand()));
            return Behaviors.same();
          })
          .onMessage(CancelWith.class, c -> {
            producer.tell(new ProducerMessage.Cancel<>(self, tag, c.reason()));
            return Behaviors.same();
          })
          .onMessage(StopRelay.class, s -> Behaviors.stopped())
          .onAnyMessage(m -> {
            toStage.invoke(m);
            return Behaviors.same();
          })
          .build();
    });
  }

  private final class Logic extends GraphStageLogic {
    // Received batches, not copied: the head batch is read from index `next`.
    private final ArrayDeque<List<T>> batches = new ArrayDeque<>();
    private int next;
    private int held; // events received and not yet pushed
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final SubscriptionTag tag = SubscriptionTag.create();
    private ActorRef<Object> relay;
    private long owed; // asked and not yet received
    private long received; // for StageStats
    private long lastReceivedMillis;
    private boolean finishing; // the producer ended normally: complete once nothing is held
    private boolean subscribed; // the subscription is live on the producer's side
    // Created with the logic, so that the materialized control works even before the stage starts.
    private final AsyncCallback<Object> cancelCallback;
    private final AsyncCallback<Object> fromRelay;

    final Cancellable control = new Cancellable() {
      @Override
      public boolean cancel() {
        if (cancelled.compareAndSet(false, true)) {
          cancelCallback.invoke(CancelReason.NORMAL);
          return true;
        }
        return false;
      }

      @Override
      public boolean isCancelled() {
        return cancelled.get();
      }
    };

    Logic() {
      super(shape);
      cancelCallback = createAsyncCallback(reason -> {
        cancelSubscription((CancelReason) reason);
        completeStage();
      });
      fromRelay = createAsyncCallback(this::onRelay);
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          if (held > 0) {
            pushOne();
          } else if (finishing) {
            completeStage();
          }
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          boolean live = subscribed;
          cancelSubscription(CancelReason.NORMAL);
          if (live && onDownstreamCancel != null) {
            onDownstreamCancel.run();
          }
          completeStage();
        }
      });
    }

    @Override
    public void preStart() {
      relay = Adapter.toTyped(materializer().system())
          .systemActorOf(relay(tag, fromRelay), "stage-source-" + tag.id(), Props.empty());
      subscribed = true;
      owed = options.maxDemand();
      relay.tell(new AskFor(owed));
    }

    @Override
    public void postStop() {
      if (relay != null) {
        relay.tell(StopRelay.INSTANCE);
      }
    }

    private void cancelSubscription(CancelReason reason) {
      if (subscribed) {
        subscribed = false;
        relay.tell(new CancelWith(reason));
      }
    }

    private void pushOne() {
      List<T> head = batches.peekFirst();
      T event = head.get(next++);
      if (next == head.size()) {
        batches.pollFirst();
        next = 0;
      }
      held--;
      push(out, event);
      if (finishing) {
        if (held == 0) {
          completeStage();
        }
        return;
      }
      long ahead = owed + held;
      if (ahead <= options.minDemand()) {
        long ask = options.maxDemand() - ahead;
        owed += ask;
        relay.tell(new AskFor(ask));
      }
    }

    private void onRelay(Object message) {
      if (message instanceof StatsRequest r) {
        r.replyTo().tell(StatusReply.success(stats()));
      } else if (message instanceof ConsumerMessage.Events<?> e) {
        if (!e.tag().equals(tag)) {
          return;
        }
        @SuppressWarnings("unchecked")
        List<T> events = (List<T>) e.events();
        owed = Math.max(0, owed - events.size());
        if (!events.isEmpty()) {
          received += events.size();
          lastReceivedMillis = System.currentTimeMillis();
          batches.addLast(events);
          held += events.size();
          if (isAvailable(out)) {
            pushOne();
          }
        }
      } else if (message instanceof ConsumerMessage.Cancelled<?> c) {
        if (c.tag().equals(tag)) {
          producerEnded(c.reason());
        }
      } else if (message == ProducerDown.INSTANCE) {
        producerEnded(CancelReason.TERMINATED);
      }
    }

    /** This source as a consumer sees itself: what waits for downstream's pulls is queued input. */
    private StageStats stats() {
      Instant last = lastReceivedMillis == 0 ? null : Instant.ofEpochMilli(lastReceivedMillis);
      List<SubscriptionStats> subscription = subscribed
          ? List.of(new SubscriptionStats(tag, producer, owed, options.minDemand(), options.maxDemand(), AskMode.AUTOMATIC,
              options.cancel(), received, last, false))
          : List.of();
      return new StageStats(relay, relay.path().toString(), StageKind.CONSUMER, subscription, List.of(), 0, 0, 0, 0,
          held, received, 0, last, null);
    }

    private void producerEnded(CancelReason reason) {
      if (!subscribed) {
        return;
      }
      subscribed = false;
      if (fails(reason)) {
        failStage(new StageExitException(reason));
        return;
      }
      finishing = true;
      if (held == 0) {
        completeStage();
      }
    }

    private boolean fails(CancelReason reason) {
      CancelMode mode = options.cancel();
      if (ending == Ending.BY_CANCEL_MODE) {
        return switch (mode) {
          case PERMANENT, LAST -> true; // one subscription: its end is the last
          case TRANSIENT -> !reason.isNormal();
          case TEMPORARY -> false;
        };
      }
      // Only NORMAL is a complete stream: a producer stopped from outside (SHUTDOWN) ended mid-stream.
      return mode != CancelMode.TEMPORARY && reason != CancelReason.NORMAL;
    }
  }
}
