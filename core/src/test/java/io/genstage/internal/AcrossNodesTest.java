package io.genstage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestInbox;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import ch.qos.logback.classic.Level;
import io.genstage.BufferKeep;
import io.genstage.CancelReason;
import io.genstage.Delivery;
import io.genstage.DemandMode;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.dispatch.DemandDispatcher;
import io.genstage.internal.StageCommand.SubscribeRequest;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ConsumerMessage.Cancelled;
import io.genstage.protocol.ConsumerMessage.NumberedEvents;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.ProducerMessage.Ask;
import io.genstage.protocol.ProducerMessage.AskUpTo;
import io.genstage.protocol.ProducerMessage.Cancel;
import io.genstage.protocol.ProducerMessage.Subscribe;
import io.genstage.protocol.SubscriptionTag;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions across nodes, where a message can be lost, driven as plain objects: events are
 * numbered, demand says "up to event N" and is repeated after a silence, duplicates are dropped and
 * a gap is counted as lost so that demand goes on.
 */
class AcrossNodesTest {

  private static final SubscribeOptions<Object> OPTIONS =
      SubscribeOptions.defaults().withDemand(10, 5).withRemoteDemand(100, 50);

  // The consumer's side: its input half, with the producer on another node.
  private final RecordingShell consumerShell = new RecordingShell();
  private final ScriptedHandler consumerHandler = new ScriptedHandler();
  private final ActorRef<ProducerMessage<Object>> producer = RecordingShell.peer("producer");
  private final ConsumerHalf input = new ConsumerHalf(consumerShell, consumerHandler);

  // The producer's side: its output half, with the consumer on another node.
  private final RecordingShell producerShell = new RecordingShell();
  private final ScriptedHandler producerHandler = new ScriptedHandler();
  private final ActorRef<ConsumerMessage<Object>> consumer = RecordingShell.peer("consumer");
  private final ProducerHalf output =
      new ProducerHalf(producerShell, producerHandler, DemandDispatcher.factory(), 100, BufferKeep.LAST,
          DemandMode.FORWARD, null);

  AcrossNodesTest() {
    consumerShell.acrossNodes.add(producer);
    producerShell.acrossNodes.add(consumer);
    producerShell.output = output;
  }

  private SubscriptionTag subscribe() {
    TestInbox<StatusReply<Subscription>> reply = TestInbox.create();
    input.subscribe(new SubscribeRequest(producer, OPTIONS, null, null, reply.getRef()));
    return reply.receiveMessage().getValue().tag();
  }

  private ActorRef<ConsumerMessage<Object>> consumerSelf() {
    return consumerShell.self().unsafeUpcast();
  }

  private void receive(SubscriptionTag tag, long first, int count) {
    input.onMessage(new NumberedEvents<>(producer, tag, first, numbers(first, count)));
  }

  private static List<Object> numbers(long first, int count) {
    return IntStream.range(0, count).mapToObj(i -> (Object) (first + i)).toList();
  }

  private List<Object> received() {
    return consumerHandler.batches.stream().flatMap(List::stream).toList();
  }

  @Test
  void aSubscriptionAcrossNodesUsesTheRemoteWindowAndAsksUpToAnEventNumber() {
    SubscriptionTag tag = subscribe();

    assertEquals(List.of(new Subscribe<>(consumerSelf(), tag, OPTIONS, null, null),
        new AskUpTo<>(consumerSelf(), tag, 0, 100)), consumerShell.takeSent());
    assertTrue(consumerShell.checkingAcrossNodes);

    receive(tag, 1, 50); // 50 left: at minDemand 50, it asks for 50 more, up to event 150
    assertEquals(List.of(new AskUpTo<>(consumerSelf(), tag, 50, 150)), consumerShell.takeSent());
    assertEquals(numbers(1, 50), received());
  }

  @Test
  void theConfiguredRemoteWindowAppliesWhenTheOptionsSetNone() {
    consumerShell.settings = new Settings(com.typesafe.config.ConfigFactory.parseString(
        "genstage.across-nodes.max-demand = 40").withFallback(com.typesafe.config.ConfigFactory.load()));
    TestInbox<StatusReply<Subscription>> reply = TestInbox.create();
    input.subscribe(new SubscribeRequest(producer, SubscribeOptions.defaults().withDemand(10, 5), null, null, reply.getRef()));
    SubscriptionTag tag = reply.receiveMessage().getValue().tag();

    assertEquals(new AskUpTo<>(consumerSelf(), tag, 0, 40), consumerShell.takeSent().get(1));
    receive(tag, 1, 20); // 20 left: at min demand 40 / 2, 20 more
    assertEquals(List.of(new AskUpTo<>(consumerSelf(), tag, 20, 60)), consumerShell.takeSent());
  }

  @Test
  void eventsThatAlreadyArrivedAreDropped() {
    SubscriptionTag tag = subscribe();
    receive(tag, 1, 30);
    receive(tag, 21, 20); // 21..30 again, then 31..40

    assertEquals(numbers(1, 40), received());
  }

  @Test
  void aGapIsLoggedAndCountedAsConsumedSoThatDemandGoesOn() {
    SubscriptionTag tag = subscribe();
    consumerShell.takeSent();
    receive(tag, 1, 20);

    receive(tag, 61, 0); // the producer has sent up to 60: 21..60 were lost
    assertEquals(List.of("Consumer stage [stage] has lost [40] events (numbers 21 to 60) on their way from ["
        + producer + "] on another node (40 lost in all on this subscription)"), consumerShell.logged(Level.WARN));
    // 40 of 100 left after 60 counted: it asks up to 160 and the next events are taken.
    assertEquals(List.of(new AskUpTo<>(consumerSelf(), tag, 60, 160)), consumerShell.takeSent());
    receive(tag, 61, 5);
    assertEquals(List.of(numbers(1, 20), numbers(61, 5)), consumerHandler.batches);
  }

  @Test
  void aSilentSubscriptionRepeatsItsSubscribeAndDemandUntilTheProducerAnswers() {
    SubscriptionTag tag = subscribe();
    consumerShell.takeSent();

    input.checkAcrossNodes(); // the first check only notes where it stands
    input.checkAcrossNodes();
    Subscribe<Object> subscribe = new Subscribe<>(consumerSelf(), tag, OPTIONS, null, null);
    AskUpTo<Object> demand = new AskUpTo<>(consumerSelf(), tag, 0, 100);
    assertEquals(List.of(subscribe, demand), consumerShell.takeSent());

    input.onMessage(new NumberedEvents<>(producer, tag, 1, List.of())); // the producer's answer
    input.checkAcrossNodes();
    assertEquals(List.of(demand), consumerShell.takeSent(), "heard from: only the demand is repeated");

    receive(tag, 1, 100);
    consumerShell.takeSent();
    input.checkAcrossNodes();
    assertEquals(List.of(), consumerShell.takeSent(), "events arrived since the last check");
  }

  @Test
  void anUnknownSubscriptionAnswerBeforeTheProducerAnsweredMeansTheSubscribeWasLost() {
    SubscriptionTag tag = subscribe();

    input.onMessage(new Cancelled<>(producer, tag, CancelReason.UNKNOWN_SUBSCRIPTION));
    assertTrue(consumerHandler.cancellations.isEmpty(), "kept: the check re-sends the subscribe");

    receive(tag, 1, 1);
    input.onMessage(new Cancelled<>(producer, tag, CancelReason.UNKNOWN_SUBSCRIPTION));
    assertEquals(CancelReason.UNKNOWN_SUBSCRIPTION, consumerHandler.cancellations.get(0).reason());
  }

  @Test
  void aCancelIsRepeatedUntilTheProducerAnswers() {
    SubscriptionTag tag = subscribe();
    consumerShell.takeSent();
    CancelReason reason = CancelReason.of("done");

    input.cancelUpstream(tag, reason);
    input.checkAcrossNodes();
    Cancel<Object> cancel = new Cancel<>(consumerSelf(), tag, reason);
    assertEquals(List.of(cancel, cancel), consumerShell.takeSent());

    input.onMessage(new Cancelled<>(producer, tag, reason));
    input.checkAcrossNodes();
    assertEquals(List.of(), consumerShell.takeSent());
    assertFalse(consumerShell.checkingAcrossNodes, "no subscription across nodes is left");
  }

  @Test
  void aProducerNumbersTheEventsOfAConsumerThatAsksUpToAndAnswersARepeatWithHowFarItSent() {
    SubscriptionTag tag = SubscriptionTag.create();
    output.onMessage(new Subscribe<>(consumer, tag, OPTIONS, null, null));

    output.onMessage(new AskUpTo<>(consumer, tag, 0, 3));
    output.onMessage(new AskUpTo<>(consumer, tag, 0, 3)); // a repeat: nothing new is asked
    output.onMessage(new AskUpTo<>(consumer, tag, 0, 5));

    ActorRef<ProducerMessage<Object>> self = producerShell.self().unsafeUpcast();
    assertEquals(List.of(
        new NumberedEvents<>(self, tag, 1, List.of(0, 1, 2)),
        new NumberedEvents<>(self, tag, 4, List.of()),
        new NumberedEvents<>(self, tag, 4, List.of(3, 4))), producerShell.takeSent());
    assertEquals(List.of(3L, 2L), producerHandler.demands);
  }

  @Test
  void aSubscribeRepeatedFromAnotherNodeIsIgnoredAndOneAfterTheEndHearsTheSameReason() {
    SubscriptionTag tag = SubscriptionTag.create();
    Subscribe<Object> subscribe = new Subscribe<>(consumer, tag, OPTIONS, null, null);
    output.onMessage(subscribe);
    output.onMessage(subscribe);
    assertEquals(List.of(), producerShell.takeSent());

    CancelReason reason = CancelReason.of("done");
    output.onMessage(new Cancel<>(consumer, tag, reason));
    output.onMessage(subscribe);
    output.onMessage(new Cancel<>(consumer, tag, reason));
    output.onMessage(new AskUpTo<>(consumer, tag, 0, 10));

    ActorRef<ProducerMessage<Object>> self = producerShell.self().unsafeUpcast();
    Cancelled<Object> cancelled = new Cancelled<>(self, tag, reason);
    assertEquals(List.of(cancelled, cancelled, cancelled, cancelled), producerShell.takeSent());
    assertEquals(1, producerHandler.cancellations.size(), "one subscription ended once");
  }

  @Test
  void aConsumerLostWithItsNodeIsNotAnsweredIfItsMessagesStillArrive() {
    SubscriptionTag tag = SubscriptionTag.create();
    output.onMessage(new Subscribe<>(consumer, tag, OPTIONS, null, null));

    output.peerDown(consumer, CancelReason.noConnection("akka://Sys@10.0.0.2:25520"));
    output.onMessage(new AskUpTo<>(consumer, tag, 0, 10)); // from a node cut off and still running

    assertEquals(List.of(), producerShell.takeSent(), "its own watch tells it, naming the right node");
  }

  // ------------------------------------------------------------------ at least once

  private static final SubscribeOptions<Object> AT_LEAST_ONCE = OPTIONS.withDelivery(Delivery.AT_LEAST_ONCE);

  private SubscriptionTag producerSubscribed(ActorRef<ConsumerMessage<Object>> by, SubscribeOptions<?> options) {
    SubscriptionTag tag = SubscriptionTag.create();
    output.onMessage(new Subscribe<>(by, tag, options, null, null));
    return tag;
  }

  @Test
  void atLeastOnceTheProducerSendsAgainWhatWasNotAcknowledged() {
    SubscriptionTag tag = producerSubscribed(consumer, AT_LEAST_ONCE);
    output.onMessage(new AskUpTo<>(consumer, tag, 0, 5));
    producerShell.takeSent();

    output.onMessage(new AskUpTo<>(consumer, tag, 3, 5)); // a repeat that acknowledges 1..3

    ActorRef<ProducerMessage<Object>> self = producerShell.self().unsafeUpcast();
    assertEquals(List.of(new NumberedEvents<>(self, tag, 4, List.of(3, 4))), producerShell.takeSent());
  }

  @Test
  void atLeastOnceAGapDropsTheBatchAndAsksOnceForWhatIsMissing() {
    TestInbox<StatusReply<Subscription>> reply = TestInbox.create();
    input.subscribe(new SubscribeRequest(producer, AT_LEAST_ONCE, null, null, reply.getRef()));
    SubscriptionTag tag = reply.receiveMessage().getValue().tag();
    consumerShell.takeSent();
    receive(tag, 1, 20);

    receive(tag, 31, 10); // 21..30 were lost
    receive(tag, 41, 10);
    assertEquals(List.of(new AskUpTo<>(consumerSelf(), tag, 20, 100)), consumerShell.takeSent(),
        "one repeat, acknowledging the 20 handled");
    receive(tag, 21, 30); // sent again
    assertEquals(List.of(numbers(1, 20), numbers(21, 30)), consumerHandler.batches);
    assertEquals(List.of(), consumerShell.logged(Level.WARN), "nothing was lost");
  }

  @Test
  void atLeastOnceTheEventsALostConsumerDidNotAcknowledgeAreDroppedAndLogged() {
    SubscriptionTag tag = producerSubscribed(consumer, AT_LEAST_ONCE);
    output.onMessage(new AskUpTo<>(consumer, tag, 0, 5));
    output.onMessage(new AskUpTo<>(consumer, tag, 2, 7));

    output.peerDown(consumer, CancelReason.noConnection("akka://Sys@10.0.0.2:25520"));

    assertEquals(1, producerShell.logged(Level.WARN).size());
    assertTrue(producerShell.logged(Level.WARN).get(0).startsWith("Producer stage [stage] drops [5] events that ["
        + consumer + "] did not acknowledge before its subscription ended with reason [NoConnection"));
    assertEquals(0, output.bufferedCount());
  }

  @Test
  void redeliveredTheEventsALostConsumerDidNotAcknowledgeGoToAnotherConsumer() {
    SubscriptionTag lost = producerSubscribed(consumer, OPTIONS.withDelivery(Delivery.AT_LEAST_ONCE_REDELIVERED));
    output.onMessage(new AskUpTo<>(consumer, lost, 0, 5)); // 0..4
    output.onMessage(new AskUpTo<>(consumer, lost, 3, 5)); // 0..2 handled: 3 and 4 are sent again
    ActorRef<ConsumerMessage<Object>> other = RecordingShell.peer("other");
    SubscriptionTag kept = producerSubscribed(other, SubscribeOptions.defaults());
    output.onMessage(new Ask<>(other, kept, 1)); // takes 5
    producerShell.takeSent();

    output.peerDown(consumer, CancelReason.noConnection("akka://Sys@10.0.0.2:25520"));
    assertEquals(2, output.bufferedCount(), "no demand yet: first in the buffer");
    output.onMessage(new Ask<>(other, kept, 3));

    ActorRef<ProducerMessage<Object>> self = producerShell.self().unsafeUpcast();
    assertEquals(List.of(new ConsumerMessage.Events<>(self, kept, List.of(3, 4)),
        new ConsumerMessage.Events<>(self, kept, List.of(6))), producerShell.takeSent());
  }

  @Test
  void atLeastOnceAResubscribeHandsTheUnacknowledgedEventsToTheNewSubscriptionFirst() {
    SubscriptionTag old = producerSubscribed(consumer, AT_LEAST_ONCE);
    output.onMessage(new AskUpTo<>(consumer, old, 0, 5)); // 0..4
    output.onMessage(new AskUpTo<>(consumer, old, 3, 5)); // 0..2 handled
    producerShell.takeSent();

    SubscriptionTag renewed = SubscriptionTag.create();
    output.onMessage(new Subscribe<>(consumer, renewed, AT_LEAST_ONCE, old, CancelReason.of("renewed")));
    output.onMessage(new AskUpTo<>(consumer, renewed, 0, 5));

    ActorRef<ProducerMessage<Object>> self = producerShell.self().unsafeUpcast();
    assertEquals(List.of(new Cancelled<>(self, old, CancelReason.of("renewed")),
        new NumberedEvents<>(self, renewed, 1, List.of(3, 4)),
        new NumberedEvents<>(self, renewed, 3, List.of(5, 6, 7))), producerShell.takeSent());
    assertEquals(List.of(), producerShell.logged(Level.WARN));
  }

  @Test
  void atLeastOnceOnOneNodeNumbersEventsWithTheLocalWindowAndNoChecks() {
    ActorRef<ProducerMessage<Object>> local = RecordingShell.peer("local-producer");
    TestInbox<StatusReply<Subscription>> reply = TestInbox.create();
    input.subscribe(new SubscribeRequest(local, AT_LEAST_ONCE, null, null, reply.getRef()));
    SubscriptionTag tag = reply.receiveMessage().getValue().tag();

    assertEquals(new AskUpTo<>(consumerSelf(), tag, 0, 10), consumerShell.takeSent().get(1));
    assertFalse(consumerShell.checkingAcrossNodes, "no message between two live stages of one node is lost");
  }

  @Test
  void aLocalConsumerKeepsThePlainProtocol() {
    ActorRef<ConsumerMessage<Object>> local = RecordingShell.peer("local");
    SubscriptionTag tag = SubscriptionTag.create();
    Subscribe<Object> subscribe = new Subscribe<>(local, tag, OPTIONS, null, null);
    output.onMessage(subscribe);
    output.onMessage(subscribe);
    output.onMessage(new Ask<>(local, tag, 2));

    ActorRef<ProducerMessage<Object>> self = producerShell.self().unsafeUpcast();
    assertEquals(List.of(new Cancelled<>(self, tag, CancelReason.DUPLICATED_SUBSCRIPTION),
        new ConsumerMessage.Events<>(self, tag, List.of(0, 1))), producerShell.takeSent());
  }
}
