package io.genstage.internal;

import akka.actor.typed.ActorRef;
import io.genstage.AskMode;
import io.genstage.BufferKeep;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.Delivery;
import io.genstage.DemandMode;
import io.genstage.StageKind;
import io.genstage.Subscription;
import io.genstage.dispatch.ConsumerHandle;
import io.genstage.dispatch.Dispatcher;
import io.genstage.dispatch.DispatcherContext;
import io.genstage.dispatch.DispatcherFactory;
import io.genstage.dispatch.SubscriptionRefusedException;
import io.genstage.internal.StageCommand.MoreDemand;
import io.genstage.internal.StageCommand.SelfInfo;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ConsumerMessage.Cancelled;
import io.genstage.protocol.ConsumerMessage.Events;
import io.genstage.protocol.ConsumerMessage.NumberedEvents;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.ProducerMessage.Ask;
import io.genstage.protocol.ProducerMessage.AskUpTo;
import io.genstage.protocol.ProducerMessage.Cancel;
import io.genstage.protocol.ProducerMessage.Subscribe;
import io.genstage.protocol.SubscriptionTag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * INTERNAL API. The output of a producer or producer-consumer: the consumers' subscriptions, the
 * dispatcher that hosts them, the output buffer and the demand mode.
 *
 * <p>It answers the messages consumers send (subscribe, ask, cancel) and places the events the
 * handler emits. Demand the buffer cannot serve goes to the handler's {@code handleDemand} (a
 * producer, or kept while it accumulates) or, for a producer-consumer, releases its input
 * ({@link ConsumerHalf#release}). It may not stop the stage, touch replies or see the actor: all of
 * that goes through the {@link StageShell}.
 */
@InternalApi
final class ProducerHalf implements DispatcherContext {

  private final StageShell shell;
  private final StageHandler handler;
  private final ActorRef<ProducerMessage<Object>> self;
  private final ConsumerHalf input; // a producer-consumer's input; null for a producer
  private final Dispatcher<Object> dispatcher;
  private final EventBuffer buffer;
  private final int bufferSize;
  private final Map<SubscriptionTag, ConsumerSub> consumers = new LinkedHashMap<>();
  /** How the latest subscriptions of consumers on other nodes ended, for consumers that ask again. */
  private final EndedSubscriptions endedAcrossNodes = new EndedSubscriptions();
  private DemandMode demandMode;
  private List<Object> accumulated = new ArrayList<>(); // Long demands and event lists, in arrival order
  private long discardedTotal;
  /** Events sent on subscriptions that have ended. */
  final StageObserver.Ended ended = new StageObserver.Ended();

  /**
   * @param input a producer-consumer's consumer half, which this output's demand releases; null
   *     for a producer
   */
  @SuppressWarnings("unchecked")
  ProducerHalf(StageShell shell, StageHandler handler, DispatcherFactory<?> dispatcher,
      int bufferSize, BufferKeep keep, DemandMode demandMode, ConsumerHalf input) {
    this.shell = shell;
    this.handler = handler;
    this.self = Refs.narrow(shell.self());
    this.input = input;
    this.bufferSize = bufferSize;
    this.buffer = new EventBuffer(bufferSize, keep);
    this.demandMode = input == null ? demandMode : DemandMode.FORWARD;
    this.dispatcher = (Dispatcher<Object>) dispatcher.create(this);
  }

  /** A message from a consumer. */
  void onMessage(ProducerMessage<?> m) {
    if (m instanceof Subscribe<?> s) {
      onSubscribe(s);
    } else if (m instanceof Ask<?> a) {
      onAsk(a);
    } else if (m instanceof AskUpTo<?> a) {
      onAskUpTo(a);
    } else if (m instanceof Cancel<?> c) {
      onCancel(c);
    }
  }

  private void onSubscribe(Subscribe<?> s) {
    if (s.replaces() != null) {
      ConsumerSub old = consumers.get(s.replaces());
      if (old != null) {
        old.replaced = true; // what it did not acknowledge goes back first, for the new subscription
        consumerLeft(old, Cancellation.Kind.CANCEL, s.replaceReason(), true);
        if (shell.stopping()) {
          return;
        }
      }
    }
    ActorRef<ConsumerMessage<Object>> consumer = Refs.narrow(s.consumer());
    if (endedAcrossNodes.contains(s.tag())) {
      answerUnknown(consumer, s.tag()); // a subscribe re-sent after the end
      return;
    }
    ConsumerSub existing = consumers.get(s.tag());
    if (existing != null && existing.remote && existing.consumer.equals(consumer)) {
      return; // re-sent from across nodes, where it could have been lost
    }
    if (existing != null) {
      shell.log().error("Producer stage [{}] received duplicated subscription [{}] from [{}]",
          shell.name(), s.tag(), consumer);
      shell.send(consumer, new Cancelled<>(self, s.tag(), CancelReason.DUPLICATED_SUBSCRIPTION));
      return;
    }
    ConsumerSub sub = new ConsumerSub(shell, self, consumer, s.tag(), s.options());
    consumers.put(s.tag(), sub);
    shell.watchPeer(consumer);
    AskMode mode = handler.handleSubscribe(StageKind.CONSUMER, sub.subscription, s.options());
    if (mode != AskMode.AUTOMATIC) {
      throw new IllegalStateException(
          "handleSubscribe must return AUTOMATIC for a consumer's subscription (only the consuming side can ask manually), got: "
              + mode);
    }
    if (shell.stopping()) {
      return;
    }
    long demand;
    try {
      demand = dispatcher.subscribe(s.options(), sub);
    } catch (SubscriptionRefusedException refused) {
      consumers.remove(sub.tag);
      if (sub.remote) {
        endedAcrossNodes.ended(sub.tag, refused.reason());
      }
      shell.unwatchPeer(consumer);
      shell.send(consumer, new Cancelled<>(self, sub.tag, refused.reason()));
      shell.emit(handler.handleCancel(new Cancellation(Cancellation.Kind.CANCEL, refused.reason()), sub.subscription));
      return;
    }
    onDemand(demand);
  }

  private void onAsk(Ask<?> a) {
    ConsumerSub sub = consumers.get(a.tag());
    if (sub == null) {
      answerUnknown(a.consumer(), a.tag());
      return;
    }
    sub.asked = Demands.add(sub.asked, a.demand());
    onDemand(dispatcher.ask(a.demand(), sub));
  }

  /**
   * Numbered demand from across nodes: only what raises the highest upTo is new demand. A repeat
   * means the consumer has waited: it hears how far this producer has sent, so that it can count
   * the events lost on the way and ask again.
   */
  private void onAskUpTo(AskUpTo<?> a) {
    ConsumerSub sub = consumers.get(a.tag());
    if (sub == null) {
      answerUnknown(a.consumer(), a.tag());
      return;
    }
    sub.numbered = true;
    if (sub.unacknowledged != null) {
      sub.unacknowledged.acknowledge(a.received());
    }
    if (a.upTo() > sub.allowed) {
      long more = a.upTo() - sub.allowed;
      sub.allowed = a.upTo();
      sub.asked = Demands.add(sub.asked, more);
      onDemand(dispatcher.ask(more, sub));
    } else if (sub.unacknowledged != null && !sub.unacknowledged.isEmpty()) {
      for (NumberedEvents<Object> batch : sub.unacknowledged.batches()) {
        shell.send(sub.consumer, batch); // again: the consumer drops what it already has
      }
    } else {
      shell.send(sub.consumer, new NumberedEvents<>(self, sub.tag, sub.sent + 1, List.of()));
    }
  }

  private void onCancel(Cancel<?> c) {
    ConsumerSub sub = consumers.get(c.tag());
    if (sub == null) {
      answerUnknown(c.consumer(), c.tag());
      return;
    }
    consumerLeft(sub, Cancellation.Kind.CANCEL, c.reason(), true);
  }

  /** A message on a tag this producer does not hold: it ended (with the reason kept) or never was. */
  private void answerUnknown(ActorRef<?> consumer, SubscriptionTag tag) {
    CancelReason reason = endedAcrossNodes.answerFor(tag);
    if (reason != null) {
      shell.send(Refs.narrow(consumer), new Cancelled<>(self, tag, reason));
    }
  }

  private void consumerLeft(ConsumerSub sub, Cancellation.Kind how, CancelReason reason, boolean echo) {
    consumers.remove(sub.tag);
    ended.add(sub.eventsOut, sub.lastOutMillis);
    JfrEvents.cancel(shell.name(), sub.consumer.path(), sub.tag, how == Cancellation.Kind.DOWN, reason);
    if (sub.remote) {
      if (how == Cancellation.Kind.DOWN) {
        endedAcrossNodes.lost(sub.tag);
      } else {
        endedAcrossNodes.ended(sub.tag, reason);
      }
    }
    shell.unwatchPeer(sub.consumer);
    if (echo) {
      shell.send(sub.consumer, new Cancelled<>(self, sub.tag, reason));
    }
    List<Object> events = handler.handleCancel(new Cancellation(how, reason), sub.subscription);
    long demand = dispatcher.cancel(sub);
    shell.emit(events);
    if (sub.unacknowledged != null && !sub.unacknowledged.isEmpty() && !shell.stopping()) {
      unacknowledgedAtEnd(sub, reason);
    }
    if (!shell.stopping()) {
      onDemand(demand);
    }
  }

  /**
   * An at-least-once subscription ended with events it did not acknowledge: they are logged, and
   * either go back to the other consumers (redelivered, or replaced by a resubscribe) or are
   * dropped.
   */
  private void unacknowledgedAtEnd(ConsumerSub sub, CancelReason reason) {
    List<Object> events = sub.unacknowledged.takeEvents();
    if (sub.delivery == Delivery.AT_LEAST_ONCE_REDELIVERED || sub.replaced) {
      shell.log().info("Producer stage [{}] redelivers [{}] events that [{}] did not acknowledge before its"
          + " subscription ended with reason [{}]", shell.name(), events.size(), sub.consumer, reason);
      List<Object> leftovers = dispatcher.dispatch(events);
      if (!leftovers.isEmpty()) {
        buffer.pushFront(leftovers); // first for the next consumer with demand
      }
    } else {
      shell.log().warn("Producer stage [{}] drops [{}] events that [{}] did not acknowledge before its"
          + " subscription ended with reason [{}] (Delivery.AT_LEAST_ONCE_REDELIVERED would send them to"
          + " another consumer)", shell.name(), events.size(), sub.consumer, reason);
    }
  }

  /** A watched peer terminated: each of its subscriptions ends as "down" with {@code reason}. */
  void peerDown(ActorRef<?> peer, CancelReason reason) {
    for (ConsumerSub sub : new ArrayList<>(consumers.values())) {
      if (sub.consumer.equals(peer) && !shell.stopping()) {
        consumerLeft(sub, Cancellation.Kind.DOWN, reason, false);
      }
    }
  }

  /** The stage ends: every consumer is told why, and forgotten. */
  void cancelAll(CancelReason reason) {
    for (ConsumerSub sub : consumers.values()) {
      shell.send(sub.consumer, new Cancelled<>(self, sub.tag, reason));
    }
    consumers.clear();
  }

  /** Demand to serve: the buffer first, then the handler (or a producer-consumer's input). */
  void onDemand(long demand) {
    if (demand <= 0) {
      return;
    }
    long rest = takeFromBuffer(demand);
    if (rest == 0) {
      return;
    }
    if (input != null) {
      input.release(rest);
    } else if (demandMode == DemandMode.ACCUMULATE) {
      accumulated.add(rest);
    } else if (!shell.draining()) {
      shell.emit(handler.handleDemand(rest));
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

  /** Places events the handler emitted: to the consumers with demand, the rest into the buffer. */
  void dispatch(List<Object> events) {
    if (demandMode == DemandMode.ACCUMULATE) {
      accumulated.add(events);
      return;
    }
    List<Object> leftovers = dispatcher.dispatch(events);
    if (input != null) {
      input.dispatched(events.size());
    }
    if (!leftovers.isEmpty()) {
      int discarded = buffer.store(leftovers, dispatcher::info);
      if (discarded > 0) {
        discardedTotal += discarded;
        JfrEvents.bufferDiscard(shell.name(), discarded, bufferSize, discardedTotal);
        if (handler.formatDiscarded(discarded)) {
          shell.log().warn(
              "Producer stage [{}] has discarded [{}] events from its buffer (bufferSize [{}], {} discarded in all)",
              shell.name(), discarded, bufferSize, discardedTotal);
        }
      }
    }
  }

  /** Delivers {@code info} to the consumers once the events buffered before it have left. */
  void info(Object info) {
    if (buffer.isEmpty()) {
      dispatcher.info(info);
    } else {
      buffer.storeInfo(info);
    }
  }

  /** The live subscriptions, in the order they were made. */
  Collection<ConsumerSub> subscriptions() {
    return consumers.values();
  }

  int bufferSize() {
    return bufferSize;
  }

  int bufferHighWaterMark() {
    return buffer.highWaterMark();
  }

  long discarded() {
    return discardedTotal;
  }

  int bufferedCount() {
    return buffer.eventCount();
  }

  /** Events emitted and not yet sent: those in the buffer and those held while accumulating. */
  int undispatchedCount() {
    int count = buffer.eventCount();
    for (Object entry : accumulated) {
      if (entry instanceof List<?> events) {
        count += events.size();
      }
    }
    return count;
  }

  DemandMode demandMode() {
    return demandMode;
  }

  /** Switches a producer's demand mode; back to forward, what accumulated is replayed in order. */
  void setDemandMode(DemandMode mode) {
    if (input != null) {
      if (mode != DemandMode.FORWARD) {
        shell.log().error("Demand mode can only be set for producers, stage [{}] is a {}",
            shell.name(), StageKind.PRODUCER_CONSUMER);
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
        if (shell.stopping()) {
          return;
        }
        if (entry instanceof Long demand) {
          onDemand(demand);
        } else {
          @SuppressWarnings("unchecked")
          List<Object> events = (List<Object>) entry;
          dispatch(events);
        }
      }
    }
  }

  // ---------------------------------------------------------------- DispatcherContext

  @Override
  public void deliverInfo(Object info) {
    shell.tellSelf(new SelfInfo(info));
  }

  @Override
  public void askOnBehalf(ConsumerHandle<?> consumer, long demand) {
    if (consumer instanceof ConsumerSub sub) {
      shell.tellSelf(new Ask<>(sub.consumer, sub.tag, demand));
    }
  }

  @Override
  public void cancel(ConsumerHandle<?> consumer, CancelReason reason) {
    if (consumer instanceof ConsumerSub sub) {
      shell.tellSelf(new Cancel<>(sub.consumer, sub.tag, reason));
    }
  }

  @Override
  public void produceMore(long demand) {
    if (demand > 0) {
      shell.tellSelf(new MoreDemand(demand));
    }
  }

  @Override
  public Logger log() {
    return shell.log();
  }

  @Override
  public String producerName() {
    return shell.name();
  }
}
