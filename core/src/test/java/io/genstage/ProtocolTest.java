package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.fixtures.Counter;
import io.genstage.fixtures.RecordingConsumer;
import io.genstage.fixtures.Sequence;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.SubscriptionTag;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The subscription protocol spoken raw (SEMANTICS.md §1, ARCHITECTURE.md §3): a {@link TestProbe}
 * plays one side, a real stage the other.
 */
class ProtocolTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();
  static final Duration SHORT = Duration.ofMillis(150);

  // ------------------------------------------------------------------ fixtures

  /** What the fixtures report to their probes. */
  record Subscribed(Subscription from) {}

  record CancelSeen(Subscription from, Cancellation cancellation) {}

  record Batch(Subscription from, List<Integer> events) {}

  /** A counter (emits exactly what is demanded) that reports handleSubscribe and handleCancel. */
  static final class ReportingCounter extends Producer<Integer, Void> {
    private final ActorRef<Object> report;
    private final Sequence numbers = new Sequence();

    ReportingCounter(ActorRef<Object> report) {
      this.report = report;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      return numbers.next(demand);
    }

    @Override
    protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
      report.tell(new Subscribed(from));
      return AskMode.AUTOMATIC;
    }

    @Override
    protected List<Integer> handleCancel(Cancellation cancellation, Subscription from) {
      report.tell(new CancelSeen(from, cancellation));
      return List.of();
    }
  }

  /** A producer that emits only the lists it is told; demand alone emits nothing. */
  static final class Pusher extends Producer<Integer, List<Integer>> {
    @Override
    protected List<Integer> handleDemand(long demand) {
      return List.of();
    }

    @Override
    protected List<Integer> handleCast(List<Integer> events) {
      return events;
    }
  }

  /** Forwards each batch, with its subscription, and each cancellation to a probe. */
  static final class Recorder extends RecordingConsumer<Integer, Void, Object> {
    Recorder(ActorRef<Object> report) {
      super(report, false, Batch::new, CancelSeen::new);
    }
  }

  /** A consumer that subscribes manually and never asks: it only holds a subscription. */
  static final class Idle extends Consumer<Integer, Void> {
    @Override
    protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
      return AskMode.MANUAL;
    }

    @Override
    protected void handleEvents(List<Integer> events, Subscription from) {}
  }

  // ------------------------------------------------------------------ helpers

  static List<Integer> range(int first, int last) {
    return IntStream.rangeClosed(first, last).boxed().toList();
  }

  @SuppressWarnings("unchecked")
  static <T> ActorRef<T> raw(StageRef<?> stage) {
    return (ActorRef<T>) (ActorRef<?>) stage.actor();
  }

  static ProducerRef<Integer, Void> spawnCounter() {
    return kit.spawn(Stages.producer(() -> new Counter(0)));
  }

  static ProducerRef<Integer, Void> spawnReportingCounter(TestProbe<Object> report) {
    return kit.spawn(Stages.producer(() -> new ReportingCounter(report.getRef())));
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** The probe subscribes to {@code producer} under a fresh tag (no ask). */
  static SubscriptionTag subscribe(ActorRef<ProducerMessage<Integer>> producer, TestProbe<ConsumerMessage<Integer>> probe) {
    SubscriptionTag tag = SubscriptionTag.create();
    producer.tell(new ProducerMessage.Subscribe<>(probe.getRef(), tag, SubscribeOptions.defaults(), null, null));
    return tag;
  }

  /** {@code probe}, a raw consumer, asks {@code demand} on {@code tag} and gets {@code expected} as one batch. */
  static void askAndExpectEvents(ActorRef<? super ProducerMessage<Integer>> producer,
      TestProbe<ConsumerMessage<Integer>> probe, SubscriptionTag tag, long demand, List<Integer> expected) {
    producer.tell(new ProducerMessage.Ask<Integer>(probe.getRef(), tag, demand));
    assertEquals(expected, expectEvents(probe).events());
  }

  static ConsumerMessage.Events<Integer> expectEvents(TestProbe<ConsumerMessage<Integer>> probe) {
    ConsumerMessage<Integer> m = probe.receiveMessage();
    if (m instanceof ConsumerMessage.Events<Integer> e) {
      return e;
    }
    return fail("expected Events, got " + m);
  }

  static ConsumerMessage.Cancelled<Integer> expectCancelled(TestProbe<ConsumerMessage<Integer>> probe) {
    ConsumerMessage<Integer> m = probe.receiveMessage();
    if (m instanceof ConsumerMessage.Cancelled<Integer> c) {
      return c;
    }
    return fail("expected Cancelled, got " + m);
  }

  // ------------------------------------------------------------------ producer side

  @Test
  void subscribeAndAskBringEventsOnTheTag() {
    TestProbe<ConsumerMessage<Integer>> consumer = testKit.createTestProbe();
    var counter = spawnCounter();
    ActorRef<ProducerMessage<Integer>> producer = raw(counter);

    SubscriptionTag tag = subscribe(producer, consumer);
    consumer.expectNoMessage(SHORT); // no acknowledgement, no events before an ask
    producer.tell(new ProducerMessage.Ask<>(consumer.getRef(), tag, 10));

    var events = expectEvents(consumer);
    assertEquals(tag, events.tag());
    assertEquals(counter.actor(), events.producer());
    assertEquals(range(0, 9), events.events());
    consumer.expectNoMessage(SHORT);

    askAndExpectEvents(producer, consumer, tag, 3, range(10, 12));
  }

  @Test
  void askOnAnUnknownTagIsAnsweredWithCancelUnknownSubscription() {
    TestProbe<ConsumerMessage<Integer>> consumer = testKit.createTestProbe();
    var counter = spawnCounter();
    ActorRef<ProducerMessage<Integer>> producer = raw(counter);

    SubscriptionTag unknown = SubscriptionTag.create();
    producer.tell(new ProducerMessage.Ask<>(consumer.getRef(), unknown, 5));
    var cancelled = expectCancelled(consumer);
    assertEquals(unknown, cancelled.tag());
    assertEquals(CancelReason.UNKNOWN_SUBSCRIPTION, cancelled.reason());
    assertEquals(counter.actor(), cancelled.producer());
    consumer.expectNoMessage(SHORT);
  }

  @Test
  void duplicatedSubscribeIsRefusedAndLogged() {
    TestProbe<ConsumerMessage<Integer>> consumer = testKit.createTestProbe();
    var counter = spawnCounter();
    ActorRef<ProducerMessage<Integer>> producer = raw(counter);
    SubscriptionTag tag = subscribe(producer, consumer);

    LoggingTestKit.error("duplicated subscription").expect(testKit.system(), () -> {
      producer.tell(new ProducerMessage.Subscribe<>(consumer.getRef(), tag, SubscribeOptions.defaults(), null, null));
      return null;
    });
    var cancelled = expectCancelled(consumer);
    assertEquals(tag, cancelled.tag());
    assertEquals(CancelReason.DUPLICATED_SUBSCRIPTION, cancelled.reason());

    // The first subscription is untouched.
    producer.tell(new ProducerMessage.Ask<>(consumer.getRef(), tag, 3));
    var events = expectEvents(consumer);
    assertEquals(tag, events.tag());
    assertEquals(range(0, 2), events.events());
  }

  @Test
  void cancelIsEchoedWithTheSameReason() {
    TestProbe<ConsumerMessage<Integer>> consumer = testKit.createTestProbe();
    TestProbe<Object> report = testKit.createTestProbe();
    var counter = spawnReportingCounter(report);
    ActorRef<ProducerMessage<Integer>> producer = raw(counter);
    SubscriptionTag tag = subscribe(producer, consumer);
    Subscription sub = new Subscription(counter.actor(), consumer.getRef(), tag);
    report.expectMessage(new Subscribed(sub));

    CancelReason reason = CancelReason.of("had enough");
    producer.tell(new ProducerMessage.Cancel<>(consumer.getRef(), tag, reason));
    var cancelled = expectCancelled(consumer);
    assertEquals(tag, cancelled.tag());
    assertEquals(reason, cancelled.reason());
    report.expectMessage(new CancelSeen(sub, new Cancellation(Cancellation.Kind.CANCEL, reason)));

    // The subscription is gone.
    producer.tell(new ProducerMessage.Ask<>(consumer.getRef(), tag, 1));
    assertEquals(CancelReason.UNKNOWN_SUBSCRIPTION, expectCancelled(consumer).reason());
  }

  @Test
  void producerLogsAConsumerMessageAndKeepsServing() {
    TestProbe<ConsumerMessage<Integer>> consumer = testKit.createTestProbe();
    TestProbe<ProducerMessage<Integer>> stranger = testKit.createTestProbe();
    var counter = spawnCounter();
    ActorRef<Object> producer = raw(counter);

    LoggingTestKit.error("meant for a consumer").expect(testKit.system(), () -> {
      producer.tell(new ConsumerMessage.Events<>(stranger.getRef(), SubscriptionTag.create(), List.of(1, 2)));
      return null;
    });
    stranger.expectNoMessage(SHORT);

    SubscriptionTag tag = subscribe(raw(counter), consumer);
    askAndExpectEvents(producer, consumer, tag, 4, range(0, 3));
  }

  @Test
  void producerCancelsAConsumerStoppedFromOutsideWithShutdown() throws Exception {
    TestProbe<Object> report = testKit.createTestProbe();
    TestProbe<ConsumerMessage<Integer>> other = testKit.createTestProbe();
    var counter = spawnReportingCounter(report);

    var idle = kit.spawn(Stages.consumer(Idle::new));
    Subscription idleSub = await(GenStage.subscribe(testKit.system(), idle, counter, SubscribeOptions.defaults()));
    report.expectMessage(new Subscribed(idleSub));
    SubscriptionTag otherTag = subscribe(raw(counter), other);
    report.expectMessage(new Subscribed(new Subscription(counter.actor(), other.getRef(), otherTag)));

    // A stage stopped from outside tells its producers first: the producer sees a cancel, not a DOWN.
    testKit.stop(idle.actor());
    report.expectMessage(new CancelSeen(idleSub, new Cancellation(Cancellation.Kind.CANCEL, CancelReason.SHUTDOWN)));

    // The producer still serves its other consumer, and the later Terminated adds no second cancel.
    raw(counter).tell(new ProducerMessage.Ask<>(other.getRef(), otherTag, 3));
    var events = expectEvents(other);
    assertEquals(otherTag, events.tag());
    assertEquals(range(0, 2), events.events());
    report.expectNoMessage(SHORT);
  }

  @Test
  void producerWatchesItsConsumerAndSeesDownWhenItDiesSilently() {
    TestProbe<Object> report = testKit.createTestProbe();
    TestProbe<ConsumerMessage<Integer>> forwarded = testKit.createTestProbe();
    TestProbe<ConsumerMessage<Integer>> other = testKit.createTestProbe();
    var counter = spawnReportingCounter(report);
    ActorRef<ProducerMessage<Integer>> producer = raw(counter);

    // A bare actor speaking the protocol: unlike a stage, it sends no cancel when it stops.
    ActorRef<ConsumerMessage<Integer>> silent = testKit.spawn(Behaviors.receiveMessage(m -> {
      forwarded.getRef().tell(m);
      return Behaviors.same();
    }));
    SubscriptionTag tag = SubscriptionTag.create();
    producer.tell(new ProducerMessage.Subscribe<>(silent, tag, SubscribeOptions.defaults(), null, null));
    Subscription silentSub = new Subscription(counter.actor(), silent, tag);
    report.expectMessage(new Subscribed(silentSub));
    SubscriptionTag otherTag = subscribe(producer, other);
    report.expectMessage(new Subscribed(new Subscription(counter.actor(), other.getRef(), otherTag)));

    testKit.stop(silent);
    report.expectMessage(new CancelSeen(silentSub, new Cancellation(Cancellation.Kind.DOWN, CancelReason.TERMINATED)));
    forwarded.expectNoMessage(SHORT);

    askAndExpectEvents(producer, other, otherTag, 2, range(0, 1));
  }

  // ------------------------------------------------------------------ consumer side

  @Test
  void consumerAnswersEventsOnAnUnknownTagWithCancel() {
    TestProbe<ProducerMessage<Integer>> producer = testKit.createTestProbe();
    TestProbe<Object> report = testKit.createTestProbe();
    var consumer = kit.spawn(Stages.consumer(() -> new Recorder(report.getRef())));

    SubscriptionTag unknown = SubscriptionTag.create();
    ActorRef<ConsumerMessage<Integer>> rawConsumer = raw(consumer);
    rawConsumer.tell(new ConsumerMessage.Events<>(producer.getRef(), unknown, List.of(1, 2, 3)));

    ProducerMessage<Integer> answer = producer.receiveMessage();
    if (!(answer instanceof ProducerMessage.Cancel<Integer> cancel)) {
      fail("expected Cancel, got " + answer);
      return;
    }
    assertEquals(unknown, cancel.tag());
    assertEquals(CancelReason.UNKNOWN_SUBSCRIPTION, cancel.reason());
    assertEquals(consumer.actor(), cancel.consumer());
    report.expectNoMessage(SHORT); // the events were not handled
  }

  @Test
  void consumerLogsAProducerMessageAndKeepsWorking() throws Exception {
    TestProbe<ConsumerMessage<Integer>> stranger = testKit.createTestProbe();
    TestProbe<Object> report = testKit.createTestProbe();
    var consumer = kit.spawn(Stages.consumer(() -> new Recorder(report.getRef())));
    ActorRef<ProducerMessage<Integer>> rawConsumer = raw(consumer);

    LoggingTestKit.error("meant for a producer").expect(testKit.system(), () -> {
      rawConsumer.tell(new ProducerMessage.Ask<>(stranger.getRef(), SubscriptionTag.create(), 5));
      return null;
    });
    stranger.expectNoMessage(SHORT);

    var pusher = kit.spawn(Stages.producer(Pusher::new));
    Subscription sub = await(GenStage.subscribe(testKit.system(), consumer, pusher, SubscribeOptions.defaults().withMaxDemand(10)));
    GenStage.cast(pusher, List.of(7, 8, 9));
    report.expectMessage(new Batch(sub, List.of(7, 8, 9)));
  }

  @Test
  void resubscribeCancelsTheOldSubscriptionAndEventsFlowOnTheNewOne() throws Exception {
    TestProbe<Object> report = testKit.createTestProbe();
    var pusher = kit.spawn(Stages.producer(Pusher::new));
    var consumer = kit.spawn(Stages.consumer(() -> new Recorder(report.getRef())));
    SubscribeOptions<Object> options = SubscribeOptions.defaults().withMaxDemand(10).withCancel(CancelMode.TEMPORARY);

    Subscription old = await(GenStage.subscribe(testKit.system(), consumer, pusher, options));
    GenStage.cast(pusher, List.of(1, 2, 3));
    report.expectMessage(new Batch(old, List.of(1, 2, 3)));

    CancelReason reason = CancelReason.of("switching");
    Subscription fresh = await(GenStage.resubscribe(testKit.system(), consumer, old, reason, pusher, options));
    assertNotEquals(old.tag(), fresh.tag());
    assertEquals(pusher.actor(), fresh.producer());
    report.expectMessage(new CancelSeen(old, new Cancellation(Cancellation.Kind.CANCEL, reason)));

    GenStage.cast(pusher, List.of(4, 5));
    report.expectMessage(new Batch(fresh, List.of(4, 5)));
    report.expectNoMessage(SHORT);
  }
}
