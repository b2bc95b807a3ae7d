package io.genstage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestInbox;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import ch.qos.logback.classic.Level;
import io.genstage.AskMode;
import io.genstage.BufferKeep;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.DemandMode;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.dispatch.DemandDispatcher;
import io.genstage.internal.StageCommand.SelfInfo;
import io.genstage.internal.StageCommand.SubscribeRequest;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ConsumerMessage.Cancelled;
import io.genstage.protocol.ConsumerMessage.Events;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.ProducerMessage.Ask;
import io.genstage.protocol.ProducerMessage.Cancel;
import io.genstage.protocol.ProducerMessage.Subscribe;
import io.genstage.protocol.SubscriptionTag;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A consumer's input half driven as a plain object: it subscribes, slices batches and asks, obeys
 * cancel modes; a producer-consumer's input waits for its output's demand.
 */
class ConsumerHalfTest {

  private final RecordingShell shell = new RecordingShell();
  private final ScriptedHandler handler = new ScriptedHandler();
  private final ActorRef<ProducerMessage<Object>> producer = RecordingShell.peer("producer");
  private final ConsumerHalf half = new ConsumerHalf(shell, handler);

  /** Subscribes and returns the subscription's tag, forgetting what was sent. */
  private SubscriptionTag subscribe(SubscribeOptions<?> options) {
    TestInbox<StatusReply<Subscription>> reply = TestInbox.create();
    half.subscribe(new SubscribeRequest(producer, options, null, null, reply.getRef()));
    shell.takeSent();
    return reply.receiveMessage().getValue().tag();
  }

  private void receive(SubscriptionTag tag, List<Object> events) {
    half.onMessage(new Events<>(producer, tag, events));
  }

  private static List<Object> range(int from, int to) {
    return IntStream.range(from, to).boxed().map(i -> (Object) i).toList();
  }

  private ActorRef<ConsumerMessage<Object>> self() {
    return shell.self().unsafeUpcast();
  }

  @Test
  void anAutomaticSubscriptionSubscribesThenAsksForMax() {
    TestInbox<StatusReply<Subscription>> reply = TestInbox.create();
    SubscribeOptions<Object> options = SubscribeOptions.defaults().withDemand(10, 5);

    half.subscribe(new SubscribeRequest(producer, options, null, null, reply.getRef()));

    SubscriptionTag tag = reply.receiveMessage().getValue().tag();
    assertEquals(List.of(new Subscribe<>(self(), tag, options, null, null), new Ask<>(self(), tag, 10)),
        shell.takeSent());
    assertEquals(1, shell.watched.get(producer));
  }

  @Test
  void aManualSubscriptionAsksForNothingAndGetsBatchesWhole() {
    handler.askMode = AskMode.MANUAL;
    SubscriptionTag tag = subscribe(SubscribeOptions.defaults().withDemand(10, 5));

    receive(tag, range(0, 10));

    assertEquals(List.of(range(0, 10)), handler.batches);
    assertEquals(List.of(), shell.sent);
  }

  @Test
  void aBatchIsHandledInSlicesOfMaxMinusMinWithAnAskAfterEach() {
    SubscriptionTag tag = subscribe(SubscribeOptions.defaults().withDemand(10, 5));

    receive(tag, range(0, 10));

    assertEquals(List.of(range(0, 5), range(5, 10)), handler.batches);
    assertEquals(List.of(new Ask<>(self(), tag, 5), new Ask<>(self(), tag, 5)), shell.takeSent());
  }

  @Test
  void noAskLeavesWhileWhatIsOwedStaysAboveMin() {
    SubscriptionTag tag = subscribe(SubscribeOptions.defaults().withDemand(10, 5));

    receive(tag, range(0, 3)); // 7 still owed
    assertEquals(List.of(), shell.sent);

    receive(tag, range(3, 5)); // 5 owed: at min, ask for the difference to max
    assertEquals(List.of(new Ask<>(self(), tag, 5)), shell.takeSent());
  }

  @Test
  void theDefaultDemandAsksAThousandThenFiveHundredAfterEachHalf() {
    TestInbox<StatusReply<Subscription>> reply = TestInbox.create();
    half.subscribe(new SubscribeRequest(producer, SubscribeOptions.defaults(), null, null, reply.getRef()));
    Subscription sub = reply.receiveMessage().getValue();
    assertEquals(producer, sub.producer());
    assertEquals(shell.self(), sub.consumer());
    SubscriptionTag tag = sub.tag();
    assertEquals(List.of(new Subscribe<>(self(), tag, SubscribeOptions.defaults(), null, null), new Ask<>(self(), tag, 1000)),
        shell.takeSent());

    receive(tag, range(0, 1000));

    assertEquals(List.of(range(0, 500), range(500, 1000)), handler.batches);
    assertEquals(List.of(new Ask<>(self(), tag, 500), new Ask<>(self(), tag, 500)), shell.takeSent());
  }

  @Test
  void eventsInExcessAreLoggedAndHandledButNoAskFollowsThem() {
    SubscriptionTag tag = subscribe(SubscribeOptions.defaults().withMaxDemand(10));

    receive(tag, range(0, 12)); // 10 were asked for

    assertEquals(List.of(range(0, 5), range(5, 10), range(10, 12)), handler.batches);
    assertEquals(List.of("Consumer stage [stage] has received [2] events in excess from [" + producer + "]"),
        shell.logged(Level.ERROR));
    // The two in-time batches each refilled the demand to 10; the excess batch asks nothing.
    assertEquals(List.of(new Ask<>(self(), tag, 5), new Ask<>(self(), tag, 5)), shell.takeSent());
  }

  @Test
  void aDrainingStageHandlesWhatArrivesButAsksForNothingMore() {
    SubscriptionTag tag = subscribe(SubscribeOptions.defaults().withDemand(10, 5));
    shell.draining = true;

    receive(tag, range(0, 10));

    assertEquals(List.of(range(0, 5), range(5, 10)), handler.batches);
    assertEquals(List.of(), shell.sent);
  }

  @Test
  void eventsForAnUnknownTagAreAnsweredWithACancel() {
    SubscriptionTag stranger = SubscriptionTag.create();

    receive(stranger, range(0, 1));

    assertEquals(List.of(new Cancel<>(self(), stranger, CancelReason.UNKNOWN_SUBSCRIPTION)), shell.takeSent());
    assertEquals(List.of(), handler.batches);
  }

  @Test
  void aPermanentSubscriptionStopsTheStageWithTheProducersReason() {
    SubscriptionTag tag = subscribe(SubscribeOptions.defaults().withCancel(CancelMode.PERMANENT));

    half.onMessage(new Cancelled<>(producer, tag, CancelReason.NORMAL));

    assertEquals(List.of(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL)), handler.cancellations);
    assertEquals(List.of(CancelReason.NORMAL), handler.inputEnds);
    assertEquals(CancelReason.NORMAL, shell.stopReason());
    assertTrue(shell.watched.isEmpty());
  }

  @Test
  void aTransientSubscriptionStopsOnlyForAnAbnormalReason() {
    SubscriptionTag normal = subscribe(SubscribeOptions.defaults().withCancel(CancelMode.TRANSIENT));
    SubscriptionTag failing = subscribe(SubscribeOptions.defaults().withCancel(CancelMode.TRANSIENT));
    CancelReason failure = CancelReason.failure(new IllegalStateException("boom"));

    half.onMessage(new Cancelled<>(producer, normal, CancelReason.SHUTDOWN));
    assertNull(shell.stopReason());

    half.onMessage(new Cancelled<>(producer, failing, failure));
    assertEquals(failure, shell.stopReason());
    assertEquals(List.of(), handler.inputEnds); // a failure is no end of input
  }

  @Test
  void aTemporarySubscriptionNeverStopsTheStage() {
    SubscriptionTag tag = subscribe(SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY));

    half.onMessage(new Cancelled<>(producer, tag, CancelReason.of("gone")));

    assertEquals(1, handler.cancellations.size());
    assertNull(shell.stopReason());
  }

  @Test
  void aLastSubscriptionStopsTheStageOnlyWhenTheLastOfThemEndsNormally() {
    SubscribeOptions<Object> last = SubscribeOptions.defaults().withCancel(CancelMode.LAST);
    SubscriptionTag a = subscribe(last);
    SubscriptionTag b = subscribe(last);
    subscribe(SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY)); // does not count

    half.onMessage(new Cancelled<>(producer, a, CancelReason.NORMAL));
    assertNull(shell.stopReason());
    assertEquals(List.of(), handler.inputEnds);

    half.onMessage(new Cancelled<>(producer, b, CancelReason.SHUTDOWN));
    assertEquals(List.of(CancelReason.SHUTDOWN), handler.inputEnds);
    assertEquals(CancelReason.SHUTDOWN, shell.stopReason());
  }

  @Test
  void aLastSubscriptionEndingAbnormallyStopsTheStageAtOnce() {
    SubscribeOptions<Object> last = SubscribeOptions.defaults().withCancel(CancelMode.LAST);
    SubscriptionTag a = subscribe(last);
    subscribe(last);
    CancelReason failure = CancelReason.failure(new IllegalStateException("boom"));

    half.onMessage(new Cancelled<>(producer, a, failure));

    assertEquals(failure, shell.stopReason());
  }

  @Test
  void aProducerThatGoesDownEndsItsSubscriptionsAsDown() {
    subscribe(SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY));
    subscribe(SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY));

    half.peerDown(producer, CancelReason.TERMINATED);

    Cancellation down = new Cancellation(Cancellation.Kind.DOWN, CancelReason.TERMINATED);
    assertEquals(List.of(down, down), handler.cancellations);
    assertTrue(shell.watched.isEmpty());
  }

  @Test
  void cancelAllTellsEveryProducerWhy() {
    SubscriptionTag a = subscribe(SubscribeOptions.defaults());
    SubscriptionTag b = subscribe(SubscribeOptions.defaults());

    half.cancelAll(CancelReason.SHUTDOWN);

    assertEquals(List.of(new Cancel<>(self(), a, CancelReason.SHUTDOWN), new Cancel<>(self(), b, CancelReason.SHUTDOWN)),
        shell.takeSent());
    receive(a, range(0, 1));
    assertEquals(List.of(new Cancel<>(self(), a, CancelReason.UNKNOWN_SUBSCRIPTION)), shell.takeSent());
  }

  // ---------------------------------------------------------------- a producer-consumer's gated input

  /** Wires this half as the input of a producer-consumer whose output is a ProducerHalf. */
  private ProducerHalf gate() {
    ProducerHalf output = new ProducerHalf(shell, handler, DemandDispatcher.factory(), 100, BufferKeep.LAST,
        DemandMode.FORWARD, half);
    half.gateBy(output);
    shell.output = output;
    return output;
  }

  @Test
  void aGatedInputHoldsBatchesUntilItsOutputHasDemand() {
    gate();
    SubscriptionTag tag = subscribe(SubscribeOptions.defaults().withDemand(10, 5));

    receive(tag, range(0, 10));
    assertEquals(List.of(), handler.batches);
    assertEquals(List.of(), shell.sent); // and no ask upstream

    half.release(3);
    // The first slice is handled; it emits nothing, so the released demand is still there for the next.
    assertEquals(List.of(range(0, 5), range(5, 10)), handler.batches);
  }

  @Test
  void whatTheHandlerEmitsUsesUpTheReleasedDemand() {
    gate();
    handler.onEvents = batch -> batch; // a forwarder
    SubscriptionTag tag = subscribe(SubscribeOptions.defaults().withDemand(10, 5));

    receive(tag, range(0, 10));
    receive(tag, range(10, 20));
    half.release(5);

    // The gate opens per upstream batch: the first is handled whole, and its 10 events use up the
    // released demand, so the second waits.
    assertEquals(List.of(range(0, 5), range(5, 10)), handler.batches);
    half.release(5);
    assertEquals(List.of(range(0, 5), range(5, 10), range(10, 15), range(15, 20)), handler.batches);
  }

  @Test
  void anInfoBehindQueuedBatchesWaitsForThem() {
    ProducerHalf output = gate();
    SubscriptionTag tag = subscribe(SubscribeOptions.defaults().withDemand(10, 5));

    assertFalse(half.queueInfo("nothing waits"));
    receive(tag, range(0, 10));
    assertTrue(half.queueInfo("after"));
    assertEquals(List.of(), shell.toSelf);

    half.release(1);

    assertEquals(2, handler.batches.size());
    assertEquals(List.of(new SelfInfo("after")), shell.toSelf);
    assertEquals(0, output.bufferedCount());
  }

  @Test
  void aCancelBehindQueuedBatchesIsHandledAfterThem() {
    gate();
    SubscriptionTag tag = subscribe(SubscribeOptions.defaults().withDemand(10, 5).withCancel(CancelMode.PERMANENT));

    receive(tag, range(0, 10));
    half.onMessage(new Cancelled<>(producer, tag, CancelReason.NORMAL));
    assertEquals(List.of(), handler.cancellations);

    half.release(10);

    // The subscription is gone: what it left behind is handled whole, without asks.
    assertEquals(List.of(range(0, 10)), handler.batches);
    assertEquals(List.of(), shell.sent);
    assertEquals(1, handler.cancellations.size());
    // A producer-consumer whose input ended normally stops once its output drained, not at once.
    assertEquals(CancelReason.NORMAL, shell.stopWhenDrained);
    assertNull(shell.stopReason());
  }
}
