package io.genstage.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.Cancellable;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Behaviors;
import akka.japi.Pair;
import akka.stream.Materializer;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.testkit.TestSubscriber;
import akka.stream.testkit.javadsl.StreamTestKit;
import akka.stream.testkit.javadsl.TestSink;
import io.genstage.AskMode;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.Producer;
import io.genstage.ProducerRef;
import io.genstage.StageExitException;
import io.genstage.StageKind;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.fixtures.Sequence;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * StageSource: a producer as an Akka Streams Source. A TestProbe plays the producer (raw protocol)
 * where the exact asks matter; a real producer stage where the whole round trip does.
 */
class StageSourceTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();
  static final Duration QUIET = Duration.ofMillis(150);

  // ------------------------------------------------------------------ fixtures

  /** What {@link ReportingCounter} tells its probe. */
  record Subscribed(Subscription from, int subscriptions) {}

  record Demanded(long demand) {}

  record CancelSeen(Cancellation cancellation, int subscriptions) {}

  /** A counter (emits exactly what is demanded) that reports subscriptions, demand and cancels. */
  static final class ReportingCounter extends Producer<Integer, Void> {
    final ActorRef<Object> report;
    private final Sequence numbers = new Sequence();
    int subscriptions;

    ReportingCounter(ActorRef<Object> report) {
      this.report = report;
    }

    @Override
    protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
      subscriptions++;
      report.tell(new Subscribed(from, subscriptions));
      return AskMode.AUTOMATIC;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      report.tell(new Demanded(demand));
      return numbers.next(demand);
    }

    @Override
    protected List<Integer> handleCancel(Cancellation cancellation, Subscription from) {
      subscriptions--;
      report.tell(new CancelSeen(cancellation, subscriptions));
      return List.of();
    }
  }

  static ProducerRef<Integer, Void> reportingCounter(TestProbe<Object> report) {
    return kit.spawn(Stages.producer(() -> new ReportingCounter(report.getRef())));
  }

  /** A probe playing the producer, with what the source's relay sent it on subscribing. */
  record FakeProducer(
      TestProbe<ProducerMessage<Integer>> probe,
      ProducerMessage.Subscribe<Integer> subscribe,
      Cancellable control,
      TestSubscriber.Probe<Integer> sink) {

    ActorRef<ConsumerMessage<Integer>> relay() {
      return subscribe.consumer();
    }

    void send(List<Integer> events) {
      relay().tell(new ConsumerMessage.Events<>(probe.getRef(), subscribe.tag(), events));
    }

    void cancel(CancelReason reason) {
      relay().tell(new ConsumerMessage.Cancelled<>(probe.getRef(), subscribe.tag(), reason));
    }

    void expectAsk(long demand) {
      ProducerMessage<Integer> m = probe.receiveMessage();
      ProducerMessage.Ask<?> ask = assertInstanceOf(ProducerMessage.Ask.class, m);
      assertEquals(subscribe.tag(), ask.tag());
      assertEquals(demand, ask.demand());
    }

    /** Downstream pulls the events {@code from .. to-1} one at a time, each as soon as it has the last. */
    void pullOneByOne(int from, int to) {
      for (int i = from; i < to; i++) {
        sink.request(1);
        sink.expectNext(i);
      }
    }

    void expectCancel(CancelReason reason) {
      ProducerMessage.Cancel<?> cancel = assertInstanceOf(ProducerMessage.Cancel.class, probe.receiveMessage());
      assertEquals(subscribe.tag(), cancel.tag());
      assertEquals(reason, cancel.reason());
    }
  }

  /** Runs a StageSource of a probe producer into a TestSink; checks the Subscribe and first Ask. */
  @SuppressWarnings("unchecked")
  static FakeProducer fakeProducer(SubscribeOptions<? super Integer> options) {
    TestProbe<ProducerMessage<Integer>> probe = testKit.createTestProbe();
    ActorRef<ProducerMessage<Integer>> asProtocol =
        (ActorRef<ProducerMessage<Integer>>) (ActorRef<?>) probe.getRef();
    ProducerRef<Integer, Void> producer = ProducerRef.of(asProtocol);
    Pair<Cancellable, TestSubscriber.Probe<Integer>> mat = StageSource.<Integer>from(producer, options)
        .toMat(TestSink.create(testKit.system()), Keep.both())
        .run(testKit.system());
    mat.second().ensureSubscription();
    ProducerMessage.Subscribe<Integer> subscribe =
        assertInstanceOf(ProducerMessage.Subscribe.class, probe.receiveMessage());
    assertEquals(options, subscribe.options());
    FakeProducer fake = new FakeProducer(probe, subscribe, mat.first(), mat.second());
    fake.expectAsk(options.maxDemand());
    return fake;
  }

  /** A {@link #fakeProducer} that has already sent {@code events}, before downstream asks for any. */
  static FakeProducer fakeProducerThatSent(SubscribeOptions<? super Integer> options, List<Integer> events) {
    FakeProducer p = fakeProducer(options);
    p.send(events);
    return p;
  }

  static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  // ------------------------------------------------------------------ demand

  @Test
  void asksMaxDemandThenRefillsAtMinDemandAsDownstreamPulls() {
    FakeProducer p = fakeProducerThatSent(SubscribeOptions.defaults().withDemand(10, 5), range(0, 10));
    // owed 0 + held 10: each pull lowers "held"; the refill is due when it falls to minDemand (5).
    p.pullOneByOne(0, 4);
    p.probe().expectNoMessage(QUIET);
    p.pullOneByOne(4, 5);
    p.expectAsk(5); // held 5 <= min 5: refill to max
    // owed 5 + held 5 = 10 again; four more pulls keep it above 5, the fifth brings it to 5.
    p.pullOneByOne(5, 9);
    p.probe().expectNoMessage(QUIET);
    p.pullOneByOne(9, 10);
    p.expectAsk(5);
    // Downstream asks for nothing: the source asks for nothing either.
    p.probe().expectNoMessage(QUIET);
  }

  @Test
  void withMinDemandZeroAsksOnlyWhenEverythingWasTaken() {
    FakeProducer p = fakeProducerThatSent(SubscribeOptions.defaults().withDemand(3, 0), range(0, 3));
    p.sink().request(2);
    p.sink().expectNext(0, 1);
    p.probe().expectNoMessage(QUIET);
    p.sink().request(1);
    p.sink().expectNext(2);
    p.expectAsk(3);
  }

  @Test
  void eventsArrivingInSeveralBatchesAreEmittedInOrder() {
    FakeProducer p = fakeProducer(SubscribeOptions.defaults().withDemand(6, 3));
    p.sink().request(6);
    p.send(range(0, 2));
    p.send(range(2, 6));
    for (int i = 0; i < 6; i++) {
      p.sink().expectNext(i);
    }
    // Arrivals move events from owed to held; only pushes lower owed + held: 6,5,4,3 -> refill 3,
    // then 6,5,4,3 -> refill 3, whatever the interleaving.
    p.expectAsk(3);
    p.expectAsk(3);
    p.probe().expectNoMessage(QUIET);
  }

  @Test
  void aSlowSinkBoundsWhatARealProducerEmits() {
    TestProbe<Object> report = testKit.createTestProbe();
    ProducerRef<Integer, Void> counter = reportingCounter(report);
    TestSubscriber.Probe<Integer> sink = StageSource.<Integer>from(counter, SubscribeOptions.defaults().withDemand(10, 5))
        .runWith(TestSink.create(testKit.system()), testKit.system());
    assertInstanceOf(Subscribed.class, report.receiveMessage());
    assertEquals(new Demanded(10), report.receiveMessage());

    sink.request(25);
    for (int i = 0; i < 25; i++) {
      sink.expectNext(i);
    }
    long demanded = 10;
    while (demanded < 35) {
      demanded += assertInstanceOf(Demanded.class, report.receiveMessage()).demand();
    }
    report.expectNoMessage(QUIET);
    assertEquals(10 + 25, demanded, "maxDemand ahead of what the sink requested, and no more");
    sink.cancel();
  }

  // ------------------------------------------------------------------ completion

  static Stream<CancelReason> normalReasons() {
    return Stream.of(CancelReason.NORMAL);
  }

  @ParameterizedTest
  @MethodSource("normalReasons")
  void theProducersNormalCancelCompletesAfterTheHeldEvents(CancelReason reason) {
    FakeProducer p = fakeProducerThatSent(SubscribeOptions.defaults().withDemand(10, 5), range(0, 3));
    p.cancel(reason);
    p.sink().expectNoMessage(QUIET); // nothing requested yet: held, not dropped, not completed
    p.sink().request(10);
    p.sink().expectNext(0, 1, 2);
    p.sink().expectComplete();
    p.probe().expectTerminated(p.relay());
    p.probe().expectNoMessage(QUIET); // no cancel back for a subscription the producer ended
  }

  // SHUTDOWN among them: a producer stopped mid-stream by its parent leaves the stream incomplete, and
  // a Sink.fold behind it must not report a partial result as a success.
  static Stream<CancelReason> abnormalReasons() {
    return Stream.of(CancelReason.SHUTDOWN, CancelReason.of("oops"),
        CancelReason.failure(new IllegalStateException("boom")), CancelReason.UNKNOWN_SUBSCRIPTION);
  }

  @ParameterizedTest
  @MethodSource("abnormalReasons")
  void theProducersAbnormalCancelFailsTheStreamWithTheReason(CancelReason reason) {
    FakeProducer p = fakeProducer(SubscribeOptions.defaults().withDemand(10, 5));
    p.cancel(reason);
    p.sink().request(1);
    StageExitException e = assertInstanceOf(StageExitException.class, p.sink().expectError());
    assertEquals(reason, e.reason());
    if (reason instanceof CancelReason.Failure f) {
      assertSame(f.cause(), e.getCause());
    }
    p.probe().expectTerminated(p.relay());
  }

  static Stream<CancelReason> anyReason() {
    return Stream.concat(normalReasons(), Stream.concat(abnormalReasons(), Stream.of(CancelReason.TERMINATED)));
  }

  @ParameterizedTest
  @MethodSource("anyReason")
  void aTemporarySubscriptionCompletesWhateverTheReason(CancelReason reason) {
    FakeProducer p = fakeProducer(SubscribeOptions.defaults().withDemand(10, 5).withCancel(CancelMode.TEMPORARY));
    p.send(List.of(7));
    p.cancel(reason);
    p.sink().request(2);
    p.sink().expectNext(7);
    p.sink().expectComplete();
  }

  @Test
  void aTransientSubscriptionCompletesOnNormalAndFailsOnAbnormalReasons() {
    SubscribeOptions<Object> transientOpts = SubscribeOptions.defaults().withCancel(CancelMode.TRANSIENT);
    FakeProducer normal = fakeProducer(transientOpts);
    normal.cancel(CancelReason.NORMAL);
    normal.sink().request(1);
    normal.sink().expectComplete();

    FakeProducer abnormal = fakeProducer(transientOpts);
    abnormal.cancel(CancelReason.of("oops"));
    abnormal.sink().request(1);
    assertEquals(CancelReason.of("oops"),
        assertInstanceOf(StageExitException.class, abnormal.sink().expectError()).reason());
  }

  @Test
  void aProducerThatStopsWithoutCancellingFailsTheStreamWithTerminated() {
    FakeProducer p = fakeProducer(SubscribeOptions.defaults().withDemand(10, 5));
    p.sink().request(1);
    p.send(List.of(0));
    p.sink().expectNext(0);
    p.probe().stop(); // an ordinary actor that stops: no Cancelled, only the watch fires
    p.sink().request(1);
    StageExitException e = assertInstanceOf(StageExitException.class, p.sink().expectError());
    assertEquals(CancelReason.TERMINATED, e.reason());
  }

  @Test
  void anOrdinaryActorThatStopsOnSubscribeFailsTheStream() throws Exception {
    ActorRef<Object> stopsAtOnce = testKit.spawn(Behaviors.receive(Object.class)
        .onAnyMessage(m -> Behaviors.stopped())
        .build());
    @SuppressWarnings("unchecked")
    ProducerRef<Integer, Void> producer =
        ProducerRef.of((ActorRef<ProducerMessage<Integer>>) (ActorRef<?>) stopsAtOnce);
    var done = StageSource.<Integer>from(producer).runWith(Sink.seq(), testKit.system()).toCompletableFuture();
    ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(3, TimeUnit.SECONDS));
    assertEquals(CancelReason.TERMINATED, assertInstanceOf(StageExitException.class, e.getCause()).reason());
  }

  @Test
  void aProducerAlreadyStoppedFailsTheStreamInsteadOfHanging() {
    ActorRef<ProducerMessage<Integer>> gone = testKit.spawn(Behaviors.empty());
    testKit.stop(gone);
    var done = StageSource.<Integer>from(ProducerRef.of(gone))
        .runWith(Sink.seq(), testKit.system()).toCompletableFuture();
    ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(3, TimeUnit.SECONDS));
    assertEquals(CancelReason.TERMINATED, assertInstanceOf(StageExitException.class, e.getCause()).reason());
  }

  @Test
  void aRealProducerStoppingNormallyCompletesTheStreamWithEverythingItSent() throws Exception {
    var producer = kit.spawn(Producers.fromIterable(range(0, 23)));
    List<Integer> got = StageSource.<Integer>from(producer, SubscribeOptions.defaults().withDemand(4, 1))
        .runWith(Sink.seq(), testKit.system()).toCompletableFuture().get(3, TimeUnit.SECONDS);
    assertEquals(range(0, 23), got);
  }

  // ------------------------------------------------------------------ cancellation from downstream

  @Test
  void downstreamCancelCancelsTheSubscriptionWithNormal() {
    FakeProducer p = fakeProducerThatSent(SubscribeOptions.defaults().withDemand(10, 5), range(0, 10));
    p.sink().request(2);
    p.sink().expectNext(0, 1);
    p.sink().cancel();
    p.expectCancel(CancelReason.NORMAL);
    p.probe().expectTerminated(p.relay());
  }

  @Test
  void theMaterializedCancellableCancelsTheSubscriptionAndCompletes() {
    FakeProducer p = fakeProducer(SubscribeOptions.defaults().withDemand(10, 5));
    assertFalse(p.control().isCancelled());
    assertTrue(p.control().cancel());
    assertTrue(p.control().isCancelled());
    assertFalse(p.control().cancel(), "a second cancel does nothing");
    p.expectCancel(CancelReason.NORMAL);
    p.sink().expectComplete();
    p.probe().expectTerminated(p.relay());
    p.probe().expectNoMessage(QUIET); // one cancel only
  }

  @Test
  void cancellingRightAfterMaterializationStillUnsubscribes() {
    TestProbe<ProducerMessage<Integer>> probe = testKit.createTestProbe();
    Pair<Cancellable, TestSubscriber.Probe<Integer>> mat = StageSource.<Integer>from(ProducerRef.of(probe.getRef()))
        .toMat(TestSink.create(testKit.system()), Keep.both()).run(testKit.system());
    mat.first().cancel(); // possibly before the stage has even started
    var subscribe = assertInstanceOf(ProducerMessage.Subscribe.class, probe.receiveMessage());
    assertEquals(SubscribeOptions.DEFAULT_MAX_DEMAND,
        assertInstanceOf(ProducerMessage.Ask.class, probe.receiveMessage()).demand());
    var cancel = assertInstanceOf(ProducerMessage.Cancel.class, probe.receiveMessage());
    assertEquals(subscribe.tag(), cancel.tag());
    assertEquals(CancelReason.NORMAL, cancel.reason());
    mat.second().expectSubscriptionAndComplete();
    probe.expectTerminated(subscribe.consumer());
  }

  @Test
  void downstreamCancelLeavesNoSubscriptionBehindOnARealProducer() {
    Materializer mat = Materializer.createMaterializer(testKit.system());
    try {
      TestProbe<Object> report = testKit.createTestProbe();
      ProducerRef<Integer, Void> counter = reportingCounter(report);
      TestSubscriber.Probe<Integer> sink = StageSource.<Integer>from(counter, SubscribeOptions.defaults().withMaxDemand(4))
          .runWith(TestSink.create(testKit.system()), mat);
      Subscribed subscribed = assertInstanceOf(Subscribed.class, report.receiveMessage());
      assertEquals(1, subscribed.subscriptions());
      sink.request(3);
      sink.expectNext(0, 1, 2);
      sink.cancel();
      CancelSeen cancel = nextCancel(report);
      assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), cancel.cancellation());
      assertEquals(0, cancel.subscriptions());
      report.expectTerminated(subscribed.from().consumer()); // the relay
      StreamTestKit.assertAllStagesStopped(mat);
    } finally {
      mat.shutdown();
    }
  }

  @Test
  void cancellableLeavesNoSubscriptionBehindOnARealProducer() {
    TestProbe<Object> report = testKit.createTestProbe();
    ProducerRef<Integer, Void> counter = reportingCounter(report);
    Pair<Cancellable, TestSubscriber.Probe<Integer>> mat = StageSource.<Integer>from(counter)
        .toMat(TestSink.create(testKit.system()), Keep.both()).run(testKit.system());
    Subscribed subscribed = assertInstanceOf(Subscribed.class, report.receiveMessage());
    assertEquals(new Demanded(SubscribeOptions.DEFAULT_MAX_DEMAND), report.receiveMessage());
    mat.first().cancel();
    mat.second().expectSubscriptionAndComplete();
    CancelSeen cancel = assertInstanceOf(CancelSeen.class, report.receiveMessage());
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), cancel.cancellation());
    assertEquals(0, cancel.subscriptions());
    report.expectTerminated(subscribed.from().consumer());
  }

  /** Skips the Demanded reports (a refill may be on its way when the cancel happens). */
  static CancelSeen nextCancel(TestProbe<Object> report) {
    while (true) {
      Object m = report.receiveMessage();
      if (m instanceof CancelSeen c) {
        return c;
      }
      assertInstanceOf(Demanded.class, m);
    }
  }

  // ------------------------------------------------------------------ arguments

  @Test
  void aNullProducerIsRejected() {
    assertThrows(NullPointerException.class, () -> StageSource.from(null));
    assertThrows(NullPointerException.class, () -> StageSource.from(null, SubscribeOptions.defaults()));
  }
}
