package io.genstage.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.japi.Pair;
import akka.stream.Attributes;
import akka.stream.Materializer;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Source;
import akka.stream.testkit.TestPublisher;
import akka.stream.testkit.javadsl.StreamTestKit;
import akka.stream.testkit.javadsl.TestSource;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.ConsumerRef;
import io.genstage.DemandMode;
import io.genstage.GenStage;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.dispatch.DemandDispatcher;
import io.genstage.fixtures.RecordingConsumer;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import scala.concurrent.duration.FiniteDuration;

/** StageSink: an Akka Streams Sink that feeds consumer stages, pulling only against their demand. */
class StageSinkTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  /** What the test's recorder reports (tests with two recorders make their own). */
  private final TestProbe<Object> report = testKit.createTestProbe();
  static final Duration QUIET = Duration.ofMillis(150);
  static final FiniteDuration QUIET_SCALA = FiniteDuration.create(150, TimeUnit.MILLISECONDS);

  // ------------------------------------------------------------------ fixtures

  /**
   * A consumer that forwards each batch (and each cancel) to a probe. In manual mode it asks only
   * when told to: {@code GenStage.cast(ref, n)} asks for {@code n} more.
   */
  static final class Recorder extends RecordingConsumer<Integer, Integer, Object> {
    Recorder(ActorRef<Object> report, boolean manual) {
      super(report, manual, (from, events) -> events, (from, cancellation) -> cancellation);
    }

    @Override
    protected void handleCast(Integer demand) {
      askLatest(demand);
    }
  }

  static ConsumerRef<Integer, Integer> recorder(TestProbe<Object> report, boolean manual) {
    return kit.spawn(Stages.consumer(() -> new Recorder(report.getRef(), manual)));
  }

  /** A recorder fed by a sink from a test source: the recorder, the source's probe and the subscription. */
  record Fed(ConsumerRef<Integer, Integer> consumer, TestPublisher.Probe<Integer> upstream, Subscription sub) {}

  /** A (non-manual) recorder behind a sink with {@code options}, subscribed, with 1 already through it. */
  Fed recorderFedOne(SubscribeOptions<Object> options) throws Exception {
    ConsumerRef<Integer, Integer> consumer = recorder(report, false);
    Pair<TestPublisher.Probe<Integer>, CompletionStage<Subscription>> mat = TestSource.<Integer>create(testKit.system())
        .toMat(StageSink.to(consumer, options, testKit.system()), Keep.both())
        .run(testKit.system());
    Subscription sub = await(mat.second());
    mat.first().sendNext(1);
    assertEquals(List.of(1), report.receiveMessage());
    return new Fed(consumer, mat.first(), sub);
  }

  /** A test source into a sink that is a producer (DemandDispatcher): the source's probe and the producer. */
  static Pair<TestPublisher.Probe<Integer>, ProducerRef<Integer, Void>> probedIntoProducer(OnCancel onCancel) {
    return TestSource.<Integer>create(testKit.system())
        .toMat(StageSink.<Integer>asProducer(DemandDispatcher.factory(), onCancel, testKit.system()), Keep.both())
        .run(testKit.system());
  }

  /** Receives batches until {@code count} events have arrived; returns them in order. */
  static List<Integer> receiveEvents(TestProbe<Object> report, int count) {
    List<Integer> got = new ArrayList<>();
    while (got.size() < count) {
      Object m = report.receiveMessage();
      List<?> batch = assertInstanceOf(List.class, m, () -> "expected a batch, got " + m);
      for (Object e : batch) {
        got.add((Integer) e);
      }
    }
    assertEquals(count, got.size(), "no more than what was asked for: " + got);
    return got;
  }

  /** 0, 1, 2, ... and counts how many were taken. */
  static final class CountingIterator implements Iterator<Integer> {
    final AtomicInteger taken = new AtomicInteger();

    @Override
    public boolean hasNext() {
      return true;
    }

    @Override
    public Integer next() {
      return taken.getAndIncrement();
    }
  }

  static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(3, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------ demand

  @Test
  void upstreamIsPulledExactlyAsMuchAsTheConsumerAsked() throws Exception {
    ConsumerRef<Integer, Integer> consumer = recorder(report, true);
    CountingIterator items = new CountingIterator();
    Subscription sub = await(Source.fromIterator(() -> items)
        .runWith(StageSink.to(consumer, SubscribeOptions.defaults(), testKit.system()), testKit.system()));
    assertEquals(consumer.actor(), sub.consumer());

    report.expectNoMessage(QUIET);
    assertEquals(0, items.taken.get(), "nothing pulled before the consumer asks");

    GenStage.cast(consumer, 3);
    assertEquals(List.of(0, 1, 2), report.receiveMessage(), "what one pull run took is one batch");
    report.expectNoMessage(QUIET);
    assertEquals(3, items.taken.get());

    GenStage.cast(consumer, 4);
    assertEquals(List.of(3, 4, 5, 6), report.receiveMessage());
    report.expectNoMessage(QUIET);
    assertEquals(7, items.taken.get());
  }

  @Test
  void thePublisherSeesRequestsOnlyAgainstTheConsumersDemand() throws Exception {
    ConsumerRef<Integer, Integer> consumer = recorder(report, true);
    // A TestSource is a separate Reactive Streams publisher: the sink's island reads it through an
    // input buffer, here of one element, which requests that one element ahead of any demand.
    Pair<TestPublisher.Probe<Integer>, CompletionStage<Subscription>> mat = TestSource.<Integer>create(testKit.system())
        .toMat(StageSink.to(consumer, SubscribeOptions.defaults(), testKit.system()), Keep.both())
        .addAttributes(Attributes.inputBuffer(1, 1))
        .run(testKit.system());
    TestPublisher.Probe<Integer> pub = mat.first();
    await(mat.second());
    assertEquals(1, pub.expectRequest(), "the input buffer's one element");
    pub.sendNext(0);
    report.expectNoMessage(QUIET); // held in the input buffer: the consumer asked for nothing
    pub.expectNoMessage(QUIET_SCALA);

    GenStage.cast(consumer, 3);
    long requested = 1;
    for (int i = 1; i <= 3; i++) {
      requested += pub.expectRequest(); // each element taken from the buffer is requested again
      pub.sendNext(i);
    }
    assertEquals(List.of(0, 1, 2), receiveEvents(report, 3));
    assertEquals(3 + 1, requested, "the consumer's 3 plus the one-element input buffer");
    pub.expectNoMessage(QUIET_SCALA);
    report.expectNoMessage(QUIET); // element 3 waits in the input buffer

    GenStage.cast(consumer, 2);
    assertEquals(1, pub.expectRequest());
    pub.sendNext(4);
    assertEquals(List.of(3, 4), receiveEvents(report, 2));
    assertEquals(1, pub.expectRequest());
    pub.expectNoMessage(QUIET_SCALA);
  }

  @Test
  void eventsArriveInBatchesAndUpstreamCompletionEndsAPermanentConsumer() throws Exception {
    ConsumerRef<Integer, Integer> consumer = recorder(report, false);
    Subscription sub = await(Source.range(1, 20)
        .runWith(StageSink.to(consumer, SubscribeOptions.defaults().withDemand(10, 5), testKit.system()),
            testKit.system()));
    assertEquals(List.of(1, 2, 3, 4, 5), report.receiveMessage());
    assertEquals(List.of(6, 7, 8, 9, 10), report.receiveMessage());
    assertEquals(List.of(11, 12, 13, 14, 15), report.receiveMessage());
    assertEquals(List.of(16, 17, 18, 19, 20), report.receiveMessage());
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), report.receiveMessage());
    report.expectTerminated(consumer.actor());
    report.expectTerminated(sub.producer()); // the sink's relay
  }

  @Test
  void upstreamCompletionLeavesATemporaryConsumerRunning() throws Exception {
    ConsumerRef<Integer, Integer> consumer = recorder(report, false);
    Subscription sub = await(Source.range(1, 3).runWith(StageSink.to(consumer,
        SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY), testKit.system()), testKit.system()));
    assertEquals(List.of(1, 2, 3), receiveEvents(report, 3));
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), report.receiveMessage());
    report.expectTerminated(sub.producer());
    // Still alive: a new sink feeds it.
    await(Source.range(7, 8).runWith(StageSink.to(consumer,
        SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY), testKit.system()), testKit.system()));
    assertEquals(List.of(7, 8), receiveEvents(report, 2));
  }

  @Test
  void upstreamFailureCancelsTheConsumerWithTheFailure() throws Exception {
    Fed fed = recorderFedOne(SubscribeOptions.defaults());
    RuntimeException boom = new IllegalStateException("boom");
    fed.upstream().sendError(boom);
    Cancellation cancellation = assertInstanceOf(Cancellation.class, report.receiveMessage());
    assertEquals(Cancellation.Kind.CANCEL, cancellation.kind());
    assertSame(boom, assertInstanceOf(CancelReason.Failure.class, cancellation.reason()).cause());
    report.expectTerminated(fed.consumer().actor()); // permanent: stops with the failure
    report.expectTerminated(fed.sub().producer());
  }

  @Test
  void anUpstreamThatCompletesAtOnceStillEndsTheConsumerNormally() throws Exception {
    ConsumerRef<Integer, Integer> consumer = recorder(report, false);
    await(Source.<Integer>empty().runWith(StageSink.to(consumer, SubscribeOptions.defaults(), testKit.system()),
        testKit.system()));
    // The sink is materialized with its consumer: it completes to it with NORMAL, as for any
    // upstream completion, even when upstream completed before the consumer's subscription arrived.
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), report.receiveMessage());
    report.expectTerminated(consumer.actor());
  }

  @Test
  void anUpstreamThatFailsAtOnceStillCancelsTheConsumerWithTheFailure() throws Exception {
    ConsumerRef<Integer, Integer> consumer = recorder(report, false);
    RuntimeException boom = new IllegalStateException("boom");
    await(Source.<Integer>failed(boom).runWith(StageSink.to(consumer,
        SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY), testKit.system()), testKit.system()));
    Cancellation cancellation = assertInstanceOf(Cancellation.class, report.receiveMessage());
    assertSame(boom, assertInstanceOf(CancelReason.Failure.class, cancellation.reason(),
        () -> "got " + cancellation).cause());
  }

  @Test
  void aSinkForAConsumerThatIsAlreadyGoneCancelsUpstream() {
    ConsumerRef<Integer, Integer> gone = recorder(report, false);
    testKit.stop(gone.actor());
    TestPublisher.Probe<Integer> pub = TestSource.<Integer>create(testKit.system())
        .toMat(StageSink.to(gone, SubscribeOptions.defaults(), testKit.system()), Keep.left())
        .run(testKit.system());
    pub.expectCancellation();
  }

  @Test
  void anEmptyUpstreamWithAConsumerThatIsGoneLeavesNoStageRunning() {
    Materializer mat = Materializer.createMaterializer(testKit.system());
    try {
        ConsumerRef<Integer, Integer> gone = recorder(report, false);
      testKit.stop(gone.actor());
      Source.<Integer>empty().runWith(StageSink.to(gone, SubscribeOptions.defaults(), testKit.system()), mat);
      StreamTestKit.assertAllStagesStopped(mat);
    } finally {
      mat.shutdown();
    }
  }

  // ------------------------------------------------------------------ cancellation from the consumer

  @Test
  void theConsumerCancellingCancelsUpstream() throws Exception {
    Fed fed = recorderFedOne(SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY));
    GenStage.cancel(fed.sub(), CancelReason.NORMAL);
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), report.receiveMessage());
    fed.upstream().expectCancellation();
    report.expectTerminated(fed.sub().producer());
  }

  @Test
  void theConsumerStoppingCancelsUpstream() throws Exception {
    Fed fed = recorderFedOne(SubscribeOptions.defaults());
    testKit.stop(fed.consumer().actor());
    fed.upstream().expectCancellation();
    report.expectTerminated(fed.sub().producer());
  }

  // ------------------------------------------------------------------ asProducer

  @Test
  void withContinueALaterConsumerGetsTheRest() throws Exception {
    TestProbe<Object> first = testKit.createTestProbe();
    TestProbe<Object> second = testKit.createTestProbe();
    ProducerRef<Integer, Void> producer = Source.range(0, 9)
        .runWith(StageSink.<Integer>asProducer(DemandDispatcher.factory(), OnCancel.CONTINUE, testKit.system()),
            testKit.system());

    ConsumerRef<Integer, Integer> a = recorder(first, true);
    Subscription subA = await(GenStage.subscribe(testKit.system(), a, producer,
        SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY)));
    GenStage.cast(a, 4);
    assertEquals(range(0, 4), receiveEvents(first, 4));
    GenStage.cancel(subA, CancelReason.NORMAL);
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), first.receiveMessage());

    ConsumerRef<Integer, Integer> b = recorder(second, false);
    Subscription subB = await(GenStage.subscribe(testKit.system(), b, producer, SubscribeOptions.defaults().withDemand(10, 5)));
    assertEquals(range(4, 10), receiveEvents(second, 6));
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), second.receiveMessage());
    second.expectTerminated(b.actor());
    second.expectTerminated(subB.producer());
    first.expectNoMessage(QUIET);
  }

  @Test
  void withContinueUpstreamOutlivesItsConsumers() throws Exception {
    Pair<TestPublisher.Probe<Integer>, ProducerRef<Integer, Void>> mat = probedIntoProducer(OnCancel.CONTINUE);
    TestPublisher.Probe<Integer> pub = mat.first();
    pub.expectRequest(); // the input buffer's prefetch
    ConsumerRef<Integer, Integer> consumer = recorder(report, false);
    SubscribeOptions<Object> temporary = SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY);
    Subscription first = await(GenStage.subscribe(testKit.system(), consumer, mat.second(), temporary));
    pub.sendNext(1);
    assertEquals(List.of(1), report.receiveMessage());
    GenStage.cancel(first, CancelReason.NORMAL);
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), report.receiveMessage());
    pub.expectNoMessage(QUIET_SCALA); // no cancellation

    await(GenStage.subscribe(testKit.system(), consumer, mat.second(), temporary));
    pub.sendNext(2);
    assertEquals(List.of(2), report.receiveMessage());
  }

  @Test
  void withStopUpstreamIsCancelledWhenTheLastConsumerLeaves() throws Exception {
    TestProbe<Object> reportA = testKit.createTestProbe();
    TestProbe<Object> reportB = testKit.createTestProbe();
    Pair<TestPublisher.Probe<Integer>, ProducerRef<Integer, Void>> mat = probedIntoProducer(OnCancel.STOP);
    TestPublisher.Probe<Integer> pub = mat.first();
    pub.expectRequest();
    SubscribeOptions<Object> temporary = SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY);
    Subscription subA = await(GenStage.subscribe(testKit.system(), recorder(reportA, false), mat.second(), temporary));
    Subscription subB = await(GenStage.subscribe(testKit.system(), recorder(reportB, false), mat.second(), temporary));

    GenStage.cancel(subA, CancelReason.NORMAL);
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), reportA.receiveMessage());
    pub.expectNoMessage(QUIET_SCALA); // one consumer is left
    pub.sendNext(5);
    assertEquals(List.of(5), reportB.receiveMessage());

    GenStage.cancel(subB, CancelReason.NORMAL);
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), reportB.receiveMessage());
    pub.expectCancellation();
    reportB.expectTerminated(subB.producer());
  }

  @Test
  void twoConsumersEachGetOnlyWhatTheyAskedFor() throws Exception {
    TestProbe<Object> reportA = testKit.createTestProbe();
    TestProbe<Object> reportB = testKit.createTestProbe();
    Pair<TestPublisher.Probe<Integer>, ProducerRef<Integer, Void>> mat = probedIntoProducer(OnCancel.STOP);
    ConsumerRef<Integer, Integer> a = recorder(reportA, true);
    ConsumerRef<Integer, Integer> b = recorder(reportB, true);
    await(GenStage.subscribe(testKit.system(), a, mat.second()));
    await(GenStage.subscribe(testKit.system(), b, mat.second()));
    GenStage.cast(a, 2);
    GenStage.cast(b, 3);
    for (int i = 0; i < 5; i++) {
      mat.first().sendNext(i);
    }
    List<Integer> gotA = receiveEvents(reportA, 2);
    List<Integer> gotB = receiveEvents(reportB, 3);
    reportA.expectNoMessage(QUIET);
    reportB.expectNoMessage(Duration.ofMillis(10));
    List<Integer> all = new ArrayList<>(gotA);
    all.addAll(gotB);
    all.sort(null);
    assertEquals(range(0, 5), all, "each event went to exactly one consumer");
  }

  @Test
  void eventsGoOnlyToConsumersWithDemand() throws Exception {
    TestProbe<Object> reportA = testKit.createTestProbe();
    TestProbe<Object> reportB = testKit.createTestProbe();
    CountingIterator items = new CountingIterator();
    ProducerRef<Integer, Void> producer = Source.fromIterator(() -> items).take(200)
        .runWith(StageSink.<Integer>asProducer(DemandDispatcher.factory(), OnCancel.STOP, testKit.system()),
            testKit.system());
    SubscribeOptions<Object> opts = SubscribeOptions.defaults().withDemand(10, 5).withCancel(CancelMode.TEMPORARY);
    // A asks by itself; B only asks 7 once, so A must take the rest.
    ConsumerRef<Integer, Integer> a = recorder(reportA, false);
    ConsumerRef<Integer, Integer> b = recorder(reportB, true);
    await(GenStage.subscribe(testKit.system(), b, producer, opts));
    GenStage.cast(b, 7);
    List<Integer> gotB = receiveEvents(reportB, 7);
    await(GenStage.subscribe(testKit.system(), a, producer, opts));
    List<Integer> gotA = receiveEvents(reportA, 193);
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), reportA.receiveMessage());
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), reportB.receiveMessage());
    assertEquals(range(0, 7), gotB);
    assertEquals(range(7, 200), gotA);
    assertEquals(200, items.taken.get());
  }

  // ------------------------------------------------------------------ demand mode

  @Test
  void inAccumulateModeNothingIsSentUntilForwardSoThatLaterConsumersGetTheirShare() throws Exception {
    TestProbe<Object> reportA = testKit.createTestProbe();
    TestProbe<Object> reportB = testKit.createTestProbe();
    Pair<TestPublisher.Probe<Integer>, ProducerRef<Integer, Void>> mat = TestSource.<Integer>create(testKit.system())
        .toMat(StageSink.<Integer>asProducer(DemandDispatcher.factory(), DemandMode.ACCUMULATE, OnCancel.STOP,
            testKit.system()), Keep.both())
        .run(testKit.system());
    ProducerRef<Integer, Void> producer = mat.second();
    ConsumerRef<Integer, Integer> a = recorder(reportA, true);
    await(GenStage.subscribe(testKit.system(), a, producer));
    GenStage.cast(a, 2);
    for (int i = 1; i <= 4; i++) {
      mat.first().sendNext(i);
    }
    reportA.expectNoMessage(QUIET); // forwarding, A would have had 1 and 2 by now

    ConsumerRef<Integer, Integer> b = recorder(reportB, true);
    await(GenStage.subscribe(testKit.system(), b, producer));
    GenStage.cast(b, 2);
    assertEquals(DemandMode.ACCUMULATE, await(GenStage.demandMode(testKit.system(), producer)));
    GenStage.setDemandMode(producer, DemandMode.FORWARD);
    assertEquals(DemandMode.FORWARD, await(GenStage.demandMode(testKit.system(), producer)));
    List<Integer> all = new ArrayList<>(receiveEvents(reportA, 2));
    all.addAll(receiveEvents(reportB, 2));
    all.sort(null);
    assertEquals(range(1, 5), all, "each event went to exactly one consumer");

    mat.first().sendComplete();
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), reportA.receiveMessage());
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), reportB.receiveMessage());
  }

  @Test
  void anUpstreamThatEndsWhileAccumulatingEndsTheConsumersOnceForwarding() throws Exception {
    TestProbe<Object> reportA = testKit.createTestProbe();
    TestProbe<Object> reportB = testKit.createTestProbe();
    ProducerRef<Integer, Void> producer = Source.<Integer>empty().runWith(StageSink.<Integer>asProducer(
        DemandDispatcher.factory(), DemandMode.ACCUMULATE, OnCancel.STOP, testKit.system()), testKit.system());
    await(GenStage.subscribe(testKit.system(), recorder(reportA, false), producer));
    reportA.expectNoMessage(QUIET); // the end is held: a consumer that subscribes now still finds the producer
    await(GenStage.subscribe(testKit.system(), recorder(reportB, false), producer));

    GenStage.setDemandMode(producer, DemandMode.FORWARD);
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), reportA.receiveMessage());
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), reportB.receiveMessage());
    reportB.expectTerminated(producer.actor());
  }

  @Test
  void fromSourceInAccumulateModeWaitsForForward() throws Exception {
    ProducerRef<Integer, Void> producer = Producers.fromSource(Source.range(1, 3), DemandMode.ACCUMULATE,
        OnCancel.STOP, testKit.system());
    ConsumerRef<Integer, Integer> a = recorder(report, false);
    await(GenStage.subscribe(testKit.system(), a, producer));
    report.expectNoMessage(QUIET);
    GenStage.setDemandMode(producer, DemandMode.FORWARD);
    assertEquals(range(1, 4), receiveEvents(report, 3));
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), report.receiveMessage());
  }

  // ------------------------------------------------------------------ arguments

  @Test
  void nullArgumentsAreRejected() {
    ConsumerRef<Integer, Integer> consumer = recorder(report, false);
    assertThrows(NullPointerException.class, () -> StageSink.to(null, testKit.system()));
    assertThrows(NullPointerException.class, () -> StageSink.to(consumer, null, testKit.system()));
    assertThrows(NullPointerException.class,
        () -> StageSink.asProducer(null, OnCancel.STOP, testKit.system()));
    assertThrows(NullPointerException.class,
        () -> StageSink.asProducer(DemandDispatcher.factory(), null, testKit.system()));
    assertThrows(NullPointerException.class,
        () -> StageSink.<Integer>asProducer(DemandDispatcher.factory(), OnCancel.STOP, null));
  }
}
