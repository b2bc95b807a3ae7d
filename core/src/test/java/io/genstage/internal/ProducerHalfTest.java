package io.genstage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorRef;
import io.genstage.AskMode;
import io.genstage.BufferKeep;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.DemandMode;
import io.genstage.SubscribeOptions;
import io.genstage.dispatch.DemandDispatcher;
import io.genstage.internal.StageCommand.SelfInfo;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ConsumerMessage.Cancelled;
import io.genstage.protocol.ConsumerMessage.Events;
import io.genstage.protocol.ProducerMessage.Ask;
import io.genstage.protocol.ProducerMessage.Cancel;
import io.genstage.protocol.ProducerMessage.Subscribe;
import io.genstage.protocol.SubscriptionTag;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A producer's output half driven as a plain object: consumers subscribe, ask and cancel. */
class ProducerHalfTest {

  private final RecordingShell shell = new RecordingShell();
  private final ScriptedHandler handler = new ScriptedHandler();
  private final ActorRef<ConsumerMessage<Object>> consumer = RecordingShell.peer("consumer");

  private ProducerHalf producer(int bufferSize, BufferKeep keep, DemandMode mode) {
    ProducerHalf half = new ProducerHalf(shell, handler, DemandDispatcher.factory(), bufferSize, keep, mode, null);
    shell.output = half;
    return half;
  }

  private ProducerHalf producer() {
    return producer(100, BufferKeep.LAST, DemandMode.FORWARD);
  }

  private SubscriptionTag subscribe(ProducerHalf half) {
    SubscriptionTag tag = SubscriptionTag.create();
    half.onMessage(new Subscribe<>(consumer, tag, SubscribeOptions.defaults(), null, null));
    return tag;
  }

  private void ask(ProducerHalf half, SubscriptionTag tag, long demand) {
    half.onMessage(new Ask<>(consumer, tag, demand));
  }

  /** A consumer subscribed and took 1 of the handler's [1, 2, 3]: 2 and 3 wait in the buffer. */
  private SubscriptionTag withTwoBuffered(ProducerHalf half) {
    handler.onDemand = demand -> List.of(1, 2, 3);
    SubscriptionTag tag = subscribe(half);
    ask(half, tag, 1);
    shell.takeSent();
    return tag;
  }

  /** The events sent to the consumer so far, batch by batch. */
  private List<List<Object>> batchesSent() {
    return shell.takeSent().stream()
        .map(m -> ((Events<?>) m).events().stream().map(e -> (Object) e).toList())
        .toList();
  }

  @Test
  void anAskIsServedByHandleDemandAndSentAsOneBatch() {
    ProducerHalf half = producer();
    SubscriptionTag tag = subscribe(half);
    assertEquals(1, shell.watched.get(consumer));

    ask(half, tag, 3);

    assertEquals(List.of(3L), handler.demands);
    List<Object> sent = shell.takeSent();
    assertEquals(1, sent.size());
    Events<?> batch = (Events<?>) sent.get(0);
    assertEquals(tag, batch.tag());
    assertEquals(shell.self(), batch.producer());
    assertEquals(List.of(0, 1, 2), batch.events());
  }

  @Test
  void eventsBeyondDemandAreBufferedAndServeTheNextAskBeforeTheHandler() {
    ProducerHalf half = producer();
    handler.onDemand = demand -> List.of(1, 2, 3, 4, 5);
    SubscriptionTag tag = subscribe(half);

    ask(half, tag, 2);
    assertEquals(List.of(List.of(1, 2)), batchesSent());
    assertEquals(3, half.bufferedCount());

    handler.onDemand = demand -> List.of(6, 7);
    ask(half, tag, 5);

    // The three buffered events go first; the handler is asked only for the other two.
    assertEquals(List.of(List.of(3, 4, 5), List.of(6, 7)), batchesSent());
    assertEquals(List.of(2L, 2L), handler.demands);
    assertEquals(0, half.bufferedCount());
  }

  @Test
  void aDrainingProducerServesItsBufferButAsksTheHandlerForNothingMore() {
    ProducerHalf half = producer();
    SubscriptionTag tag = withTwoBuffered(half);
    shell.draining = true;

    ask(half, tag, 10);

    assertEquals(List.of(List.of(2, 3)), batchesSent());
    assertEquals(List.of(1L), handler.demands);
  }

  @Test
  void anInfoWaitsBehindBufferedEvents() {
    ProducerHalf half = producer();
    SubscriptionTag tag = withTwoBuffered(half);

    half.info("after-3");
    assertEquals(List.of(), shell.toSelf);

    handler.onDemand = demand -> List.of();
    ask(half, tag, 5);
    assertEquals(List.of(List.of(2, 3)), batchesSent());
    assertEquals(List.of(new SelfInfo("after-3")), shell.toSelf);
  }

  @Test
  void anInfoWithNothingBufferedGoesOutAtOnce() {
    ProducerHalf half = producer();
    half.info("now");
    assertEquals(List.of(new SelfInfo("now")), shell.toSelf);
  }

  @Test
  void aFullBufferKeepingTheLastDiscardsTheOldestAndCountsThem() {
    ProducerHalf half = producer(2, BufferKeep.LAST, DemandMode.FORWARD);
    half.dispatch(List.of(1, 2, 3, 4, 5));

    assertEquals(List.of(3), handler.discards);
    assertEquals(2, half.bufferedCount());
    ask(half, subscribe(half), 10);
    assertEquals(List.of(4, 5), batchesSent().get(0));
  }

  @Test
  void aFullBufferKeepingTheFirstDiscardsTheNewest() {
    ProducerHalf half = producer(2, BufferKeep.FIRST, DemandMode.FORWARD);
    half.dispatch(List.of(1, 2, 3, 4, 5));

    assertEquals(List.of(3), handler.discards);
    ask(half, subscribe(half), 10);
    assertEquals(List.of(1, 2), batchesSent().get(0));
  }

  @Test
  void accumulatedDemandAndEventsAreReplayedInOrderWhenForwarding() {
    ProducerHalf half = producer(100, BufferKeep.LAST, DemandMode.ACCUMULATE);
    SubscriptionTag tag = subscribe(half);
    ask(half, tag, 2);
    half.dispatch(List.of("x"));
    ask(half, tag, 1);
    assertEquals(List.of(), handler.demands);
    assertEquals(List.of(), shell.sent);
    assertEquals(DemandMode.ACCUMULATE, half.demandMode());

    half.setDemandMode(DemandMode.FORWARD);

    // Demand 2 reaches the handler first, then the event emitted while accumulating takes the third
    // demanded place, so what the handler emits for the last demand waits in the buffer.
    assertEquals(List.of(List.of(0, 1), List.of("x")), batchesSent());
    assertEquals(List.of(2L, 1L), handler.demands);
    assertEquals(1, half.bufferedCount());
  }

  @Test
  void aCancelIsEchoedWithItsReasonAndReachesHandleCancel() {
    ProducerHalf half = producer();
    SubscriptionTag tag = subscribe(half);
    CancelReason reason = CancelReason.of("done");

    half.onMessage(new Cancel<>(consumer, tag, reason));

    assertEquals(List.of(new Cancelled<>(shell.self().unsafeUpcast(), tag, reason)), shell.takeSent());
    assertEquals(List.of(new Cancellation(Cancellation.Kind.CANCEL, reason)), handler.cancellations);
    assertTrue(shell.watched.isEmpty());
    ask(half, tag, 1);
    assertEquals(List.of(new Cancelled<>(shell.self().unsafeUpcast(), tag, CancelReason.UNKNOWN_SUBSCRIPTION)),
        shell.takeSent());
  }

  @Test
  void anAskOrCancelForAnUnknownTagIsAnsweredWithUnknownSubscription() {
    ProducerHalf half = producer();
    SubscriptionTag stranger = SubscriptionTag.create();

    ask(half, stranger, 5);
    half.onMessage(new Cancel<>(consumer, stranger, CancelReason.NORMAL));

    Cancelled<Object> unknown = new Cancelled<>(shell.self().unsafeUpcast(), stranger, CancelReason.UNKNOWN_SUBSCRIPTION);
    assertEquals(List.of(unknown, unknown), shell.takeSent());
    assertEquals(List.of(), handler.demands);
  }

  @Test
  void aDuplicatedTagIsRefusedAndTheFirstSubscriptionKept() {
    ProducerHalf half = producer();
    SubscriptionTag tag = subscribe(half);

    half.onMessage(new Subscribe<>(consumer, tag, SubscribeOptions.defaults(), null, null));

    assertEquals(List.of(new Cancelled<>(shell.self().unsafeUpcast(), tag, CancelReason.DUPLICATED_SUBSCRIPTION)),
        shell.takeSent());
    ask(half, tag, 1);
    assertEquals(List.of(List.of(0)), batchesSent());
  }

  @Test
  void aResubscribeCancelsTheSubscriptionItReplacesFirst() {
    ProducerHalf half = producer();
    SubscriptionTag old = subscribe(half);
    SubscriptionTag fresh = SubscriptionTag.create();
    CancelReason reason = CancelReason.of("moving");

    half.onMessage(new Subscribe<>(consumer, fresh, SubscribeOptions.defaults(), old, reason));

    assertEquals(List.of(new Cancelled<>(shell.self().unsafeUpcast(), old, reason)), shell.takeSent());
    assertEquals(1, shell.watched.get(consumer));
    ask(half, fresh, 1);
    assertEquals(List.of(List.of(0)), batchesSent());
  }

  @Test
  void aConsumerThatGoesDownLeavesWithoutAnEcho() {
    ProducerHalf half = producer();
    subscribe(half);
    subscribe(half);
    assertEquals(2, shell.watched.get(consumer));

    half.peerDown(consumer, CancelReason.TERMINATED);

    assertEquals(List.of(), shell.sent);
    Cancellation down = new Cancellation(Cancellation.Kind.DOWN, CancelReason.TERMINATED);
    assertEquals(List.of(down, down), handler.cancellations);
    assertTrue(shell.watched.isEmpty());
  }

  @Test
  void cancelAllTellsEveryConsumerWhy() {
    ProducerHalf half = producer();
    SubscriptionTag a = subscribe(half);
    SubscriptionTag b = subscribe(half);
    CancelReason reason = CancelReason.failure(new IllegalStateException("boom"));

    half.cancelAll(reason);

    ActorRef<io.genstage.protocol.ProducerMessage<Object>> self = shell.self().unsafeUpcast();
    assertEquals(List.of(new Cancelled<>(self, a, reason), new Cancelled<>(self, b, reason)), shell.takeSent());
    ask(half, a, 1);
    assertEquals(List.of(new Cancelled<>(self, a, CancelReason.UNKNOWN_SUBSCRIPTION)), shell.takeSent());
  }

  @Test
  void aConsumerSubscriptionMustBeAutomatic() {
    ProducerHalf half = producer();
    handler.askMode = AskMode.MANUAL;

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> subscribe(half));
    assertTrue(e.getMessage().endsWith("got: MANUAL"), e.getMessage());
  }
}
