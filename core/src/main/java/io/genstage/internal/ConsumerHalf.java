package io.genstage.internal;

import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import io.genstage.AskMode;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.Delivery;
import io.genstage.StageKind;
import io.genstage.Subscription;
import io.genstage.internal.StageCommand.SubscribeRequest;
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
import java.util.Objects;

/**
 * INTERNAL API. The input of a consumer or producer-consumer: one entry per subscription to a
 * producer (tag, min and max demand, what is still owed, manual or automatic, cancel mode).
 *
 * <p>It subscribes, hands each batch to {@code handleEvents} in slices of at most max - min and asks
 * for more after each, and applies the cancel mode when a producer leaves. A producer-consumer's
 * input is <em>gated</em>: batches wait in a queue until its output has demand ({@link #release}),
 * so that no ask leaves upstream while its consumers want nothing; an info or a cancel that arrives
 * behind queued batches waits its turn. It may not stop the stage or see the actor: that goes
 * through the {@link StageShell}.
 */
@InternalApi
final class ConsumerHalf {

  private final StageShell shell;
  private final StageHandler handler;
  private final ActorRef<ConsumerMessage<Object>> self;
  private final Map<SubscriptionTag, ProducerSub> producers = new LinkedHashMap<>();
  private int liveLastSubscriptions; // CancelMode.LAST subscriptions whose end is not handled yet
  private GatedInput gate; // a producer-consumer's: set when the input is gated by its output
  /** Events that arrived on subscriptions that have ended. */
  final StageObserver.Ended ended = new StageObserver.Ended();

  ConsumerHalf(StageShell shell, StageHandler handler) {
    this.shell = shell;
    this.handler = handler;
    this.self = Refs.narrow(shell.self());
  }

  /** Makes this a producer-consumer's input: batches wait for {@code output}'s demand. */
  void gateBy(ProducerHalf output) {
    this.gate = new GatedInput(new GatedInput.Turns() {
      @Override public void events(ProducerSub from, long skipped, List<Object> events) {
        consume(from, skipped, events);
      }
      @Override public void info(Object info) { output.info(info); }
      @Override public void cancel(ProducerSub from, Cancellation c) { afterProducerLeft(from, c); }
      @Override public boolean stopping() { return shell.stopping(); }
    });
  }

  /** A message from a producer. */
  void onMessage(ConsumerMessage<?> m) {
    if (m instanceof Events<?> e) {
      onEvents(e);
    } else if (m instanceof NumberedEvents<?> e) {
      onNumberedEvents(e);
    } else if (m instanceof Cancelled<?> c) {
      onCancelled(c);
    }
  }

  /**
   * Subscribes to a producer; automatic demand asks for max at once. A subscription that cannot
   * work is refused: its caller is told, and one without a caller (given at start, or async) fails
   * the stage, which cannot run as configured.
   */
  void subscribe(SubscribeRequest request) {
    SubscribeRequest r = shell.settings().applyTo(request);
    IllegalArgumentException refused = ProducerSub.refusal(r, shell);
    if (refused != null) {
      if (r.replyTo() == null) {
        throw refused;
      }
      shell.log().error(refused.getMessage());
      r.replyTo().tell(StatusReply.error(refused));
      return;
    }
    try {
      ActorRef<ProducerMessage<Object>> producer = Refs.narrow(r.producer());
      SubscriptionTag tag = SubscriptionTag.create();
      Subscription subscription = new Subscription(producer, self, tag);
      ProducerSub sub = new ProducerSub(producer, subscription, r, shell.acrossNodes(producer));
      producers.put(tag, sub);
      if (sub.cancelMode == CancelMode.LAST) {
        liveLastSubscriptions++;
      }
      shell.watchPeer(producer);
      sendSubscribe(sub);
      JfrEvents.subscribe(shell.name(), producer.path(), tag, sub.max, sub.min);
      if (sub.acrossNodes) {
        shell.checkAcrossNodes(true);
      }
      sub.askMode = Objects.requireNonNull(
          handler.handleSubscribe(StageKind.PRODUCER, subscription, r.options()), "handleSubscribe returned null");
      if (sub.askMode == AskMode.AUTOMATIC && !shell.stopping()) {
        sub.demand = sub.max;
        sendAsk(sub, sub.max);
      }
      // After the first ask: a cancel sent as soon as the subscribe completes cannot overtake it.
      if (r.replyTo() != null) {
        r.replyTo().tell(StatusReply.success(subscription));
      }
    } catch (RuntimeException e) {
      if (r.replyTo() != null) {
        r.replyTo().tell(StatusReply.error(e));
      }
      throw e;
    }
  }

  private void sendSubscribe(ProducerSub sub) {
    SubscribeRequest r = sub.request;
    shell.send(sub.producer, new Subscribe<>(self, sub.tag, r.options(), r.replaces(), r.replaceReason()));
  }

  /** Asks {@code sub}'s producer for {@code more} events, already added to {@code sub.demand}. */
  private void sendAsk(ProducerSub sub, long more) {
    if (sub.numbered) {
      sendAskUpTo(sub);
    } else {
      shell.send(sub.producer, new Ask<>(self, sub.tag, more));
    }
  }

  /** Numbered demand, which also acknowledges the events handled so far (at least once). */
  private void sendAskUpTo(ProducerSub sub) {
    shell.send(sub.producer, new AskUpTo<>(self, sub.tag, sub.acknowledgedUpTo(), sub.upTo()));
  }

  /**
   * The handler acknowledges the next {@code count} events it was given on {@code tag}; with
   * automatic demand they count as consumed now, and more is asked when due.
   */
  void acknowledge(SubscriptionTag tag, long count) {
    ProducerSub sub = producers.get(tag);
    if (sub == null) {
      return; // it has ended: nothing is kept for it any more
    }
    if (!sub.explicitAck) {
      throw new IllegalStateException("stage " + shell.name() + " cannot acknowledge events on its subscription to ["
          + sub.producer + "]: its events are acknowledged when handleEvents returns"
          + " (subscribe with SubscribeOptions.withExplicitAcknowledgement() to acknowledge them yourself)");
    }
    long unacknowledged = sub.delivered - sub.acknowledged;
    if (count > unacknowledged) {
      throw new IllegalArgumentException("stage " + shell.name() + " cannot acknowledge [" + count
          + "] events on its subscription to [" + sub.producer + "]: [" + unacknowledged
          + "] were handed to handleEvents and not yet acknowledged");
    }
    sub.acknowledged += count;
    if (sub.askMode == AskMode.MANUAL) {
      return; // the acknowledgement travels with the next ask
    }
    sub.accounted += count;
    long left = sub.demand - count;
    if (left <= sub.min && !shell.stopping() && !shell.draining()) {
      sub.demand = sub.max;
      sendAsk(sub, sub.max - left);
    } else {
      sub.demand = left;
    }
  }

  /** A manual ask from the stage's handler for {@code demand} more events on {@code tag}. */
  void askManually(SubscriptionTag tag, long demand) {
    ProducerSub sub = producers.get(tag);
    if (sub == null) {
      return; // it has ended; GenStage ignores an ask on a subscription that is gone
    }
    sub.demand = Demands.add(sub.demand, demand);
    sendAsk(sub, demand);
  }

  /**
   * Cancels the subscription {@code tag} from this side. Across nodes the cancel is re-sent until
   * the producer answers, since it may be lost on its way.
   */
  void cancelUpstream(SubscriptionTag tag, CancelReason reason) {
    ProducerSub sub = producers.get(tag);
    if (sub == null) {
      return;
    }
    if (sub.acrossNodes) {
      sub.cancelling = reason;
    }
    shell.send(sub.producer, new Cancel<>(self, tag, reason));
  }

  private void onEvents(Events<?> e) {
    ProducerSub sub = producers.get(e.tag());
    if (sub == null) {
      shell.send(Refs.narrow(e.producer()), new Cancel<>(self, e.tag(), CancelReason.UNKNOWN_SUBSCRIPTION));
      return;
    }
    @SuppressWarnings("unchecked")
    List<Object> events = (List<Object>) e.events();
    accept(sub, 0, events);
  }

  private void accept(ProducerSub sub, long skipped, List<Object> events) {
    if (!events.isEmpty()) {
      sub.eventsIn += events.size();
      sub.lastInMillis = shell.nowMillis();
    }
    if (gate == null) {
      consume(sub, skipped, events);
    } else {
      gate.events(sub, skipped, events);
    }
  }

  /**
   * Numbered events: those that already arrived are dropped, and a jump past the next expected
   * number means events were lost on the way. At most once, they are logged and counted as consumed
   * so that demand goes on; at least once, the batch is dropped and the producer asked, once, to
   * send again from the first missing event.
   */
  private void onNumberedEvents(NumberedEvents<?> e) {
    ProducerSub sub = producers.get(e.tag());
    if (sub == null) {
      shell.send(Refs.narrow(e.producer()), new Cancel<>(self, e.tag(), CancelReason.UNKNOWN_SUBSCRIPTION));
      return;
    }
    sub.heardFrom = true;
    @SuppressWarnings("unchecked")
    List<Object> events = (List<Object>) e.events();
    long first = e.first();
    long expected = sub.arrived + 1;
    if (first < expected) {
      int duplicates = (int) Math.min(expected - first, events.size());
      events = events.subList(duplicates, events.size());
      first += duplicates;
    }
    long lost = Math.max(0, first - expected);
    if (lost > 0 && sub.atLeastOnce) {
      if (sub.nackedAt != sub.arrived) {
        sub.nackedAt = sub.arrived;
        sendAskUpTo(sub); // a repeat: the producer sends again what this subscription has not acknowledged
      }
      return;
    }
    sub.arrived = Math.max(sub.arrived, first + events.size() - 1);
    if (lost > 0) {
      sub.lost += lost;
      shell.log().warn("Consumer stage [{}] has lost [{}] events (numbers {} to {}) on their way from [{}] on another node"
          + " ({} lost in all on this subscription)", shell.name(), lost, expected, first - 1, sub.producer, sub.lost);
    }
    if (lost > 0 || !events.isEmpty()) {
      accept(sub, lost, events);
    }
  }

  /**
   * Runs every re-ask interval while this stage has subscriptions across nodes: a subscription that
   * waits for events and heard nothing since the last check re-sends its subscribe (until the
   * producer answered) and its demand, which the producer answers with how far it has sent; a cancel
   * not yet answered is re-sent.
   */
  void checkAcrossNodes() {
    boolean any = false;
    for (ProducerSub sub : producers.values()) {
      if (!sub.acrossNodes) {
        continue;
      }
      any = true;
      if (sub.cancelling != null) {
        shell.send(sub.producer, new Cancel<>(self, sub.tag, sub.cancelling));
      } else if ((sub.awaitingEvents() || !sub.heardFrom) && sub.arrived == sub.arrivedAtLastCheck) {
        if (!sub.heardFrom) {
          sendSubscribe(sub);
        }
        sendAskUpTo(sub);
      }
      sub.arrivedAtLastCheck = sub.arrived;
    }
    if (!any) {
      shell.checkAcrossNodes(false);
    }
  }

  /** Hands one upstream message to handleEvents in batches of at most max - min, asking after each. */
  private void consume(ProducerSub sub, long skipped, List<Object> events) {
    if (sub.explicitAck && !sub.gone && sub.askMode == AskMode.AUTOMATIC) {
      deliverUnacknowledged(sub, events);
      return;
    }
    if (sub.gone || sub.askMode == AskMode.MANUAL) {
      sub.delivered += events.size();
      long counted = skipped + events.size();
      sub.accounted += counted;
      sub.demand = Math.max(0, sub.demand - counted);
      if (!events.isEmpty() || skipped == 0) {
        shell.emit(handler.handleEvents(events, sub.subscription));
      }
      return;
    }
    if (skipped > 0) {
      countLost(sub, skipped);
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
        shell.log().error("Consumer stage [{}] has received [{}] events in excess from [{}]",
            shell.name(), n - owed, sub.producer);
        counted = owed;
      }
      owed -= counted;
      sub.accounted += n;
      long left = sub.demand - counted;
      long ask = 0;
      if (left <= sub.min) {
        ask = sub.max - left;
        sub.demand = sub.max;
      } else {
        sub.demand = left;
      }
      shell.emit(handler.handleEvents(batch, sub.subscription));
      if (shell.stopping()) {
        return;
      }
      if (ask > 0 && !sub.gone && !shell.draining()) {
        sendAsk(sub, ask);
      }
    }
  }

  /**
   * Explicit acknowledgement with automatic demand: events are handed over in the same slices, and
   * count against demand only when the handler acknowledges them. Nothing is lost on the way: the
   * subscription is at least once.
   */
  private void deliverUnacknowledged(ProducerSub sub, List<Object> events) {
    int size = events.size();
    int step = sub.max - sub.min;
    for (int offset = 0; offset < size && !shell.stopping(); ) {
      int n = Math.min(step, size - offset);
      List<Object> batch = n == size ? events : events.subList(offset, offset + n);
      offset += n;
      sub.delivered += n;
      shell.emit(handler.handleEvents(batch, sub.subscription));
    }
  }

  /** Events lost on their way count as consumed: the demand they took is asked for again. */
  private void countLost(ProducerSub sub, long lost) {
    long counted = Math.min(lost, sub.demand);
    sub.accounted += lost;
    long left = sub.demand - counted;
    if (left <= sub.min && !sub.gone && !shell.draining()) {
      sub.demand = sub.max;
      sendAsk(sub, sub.max - left);
    } else {
      sub.demand = left;
    }
  }

  /** The output's consumers asked for {@code demand} more than its buffer held: process queued input. */
  void release(long demand) {
    gate.release(demand);
  }

  /** The output emitted {@code count} events against the demand released so far. */
  void dispatched(int count) {
    gate.dispatched(count);
  }

  /** Queues {@code info} behind the batches waiting for demand; false if none wait: it goes out now. */
  boolean queueInfo(Object info) {
    return gate != null && gate.queueInfo(info);
  }

  private void onCancelled(Cancelled<?> c) {
    ProducerSub sub = producers.get(c.tag());
    if (sub != null && sub.acrossNodes && !sub.heardFrom && c.reason() == CancelReason.UNKNOWN_SUBSCRIPTION) {
      // Its subscribe was lost and the demand behind it arrived alone: the check re-sends both.
      return;
    }
    if (sub != null) {
      producerLeft(sub, new Cancellation(Cancellation.Kind.CANCEL, c.reason()));
    }
  }

  /** A watched peer terminated: each of its subscriptions ends as "down" with {@code reason}. */
  void peerDown(ActorRef<?> peer, CancelReason reason) {
    for (ProducerSub sub : new ArrayList<>(producers.values())) {
      if (sub.producer.equals(peer) && !shell.stopping()) {
        producerLeft(sub, new Cancellation(Cancellation.Kind.DOWN, reason));
      }
    }
  }

  private void producerLeft(ProducerSub sub, Cancellation cancellation) {
    producers.remove(sub.tag);
    ended.add(sub.eventsIn, sub.lastInMillis);
    JfrEvents.cancel(shell.name(), sub.producer.path(), sub.tag, cancellation.kind() == Cancellation.Kind.DOWN,
        cancellation.reason());
    shell.unwatchPeer(sub.producer);
    sub.gone = true;
    // Events from this producer may still be queued: then the cancel is handled when the queue reaches it.
    if (gate == null || !gate.queueCancel(sub, cancellation)) {
      afterProducerLeft(sub, cancellation);
    }
  }

  private void afterProducerLeft(ProducerSub sub, Cancellation cancellation) {
    shell.emit(handler.handleCancel(cancellation, sub.subscription));
    if (shell.stopping()) {
      return;
    }
    CancelReason reason = cancellation.reason();
    if (sub.cancelMode == CancelMode.LAST) {
      liveLastSubscriptions--; // counted here, not on removal: a queued cancel has not ended it yet
    }
    boolean stop = reason != CancelReason.ALREADY_SUBSCRIBED
        && switch (sub.cancelMode) {
          case PERMANENT -> true;
          case TRANSIENT -> !reason.isNormal();
          case LAST -> !reason.isNormal() || liveLastSubscriptions == 0;
          case TEMPORARY -> false;
        };
    if (stop) {
      shell.log().info("Consumer stage [{}] is stopping after its {} subscription to [{}] ended with reason [{}]",
          shell.name(), sub.cancelMode, sub.producer, reason);
      if (reason.isNormal()) {
        shell.emit(handler.handleInputEnd(reason));
      }
      if (shell.stopping()) {
        return; // the handler stopped the stage itself
      }
      if (gate != null && reason.isNormal()) {
        // Its input ended normally: let what it already produced reach its consumers first.
        shell.stopWhenOutputDrained(reason);
      } else {
        shell.requestStop(reason);
      }
    }
  }

  /** The live subscriptions, in the order they were made. */
  Collection<ProducerSub> subscriptions() {
    return producers.values();
  }

  /** Events of queued input not yet handled (a gated input's). */
  int queuedEventCount() {
    return gate == null ? 0 : gate.queuedEventCount();
  }

  /** The stage ends: every producer is told why, and forgotten. */
  void cancelAll(CancelReason reason) {
    for (ProducerSub sub : producers.values()) {
      shell.send(sub.producer, new Cancel<>(self, sub.tag, reason));
    }
    producers.clear();
  }
}
