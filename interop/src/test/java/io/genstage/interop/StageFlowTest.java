package io.genstage.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.japi.Pair;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.stream.testkit.TestPublisher;
import akka.stream.testkit.TestSubscriber;
import akka.stream.testkit.javadsl.TestSink;
import akka.stream.testkit.javadsl.TestSource;
import io.genstage.CancelReason;
import io.genstage.GenStage;
import io.genstage.ProducerConsumer;
import io.genstage.ProducerConsumerRef;
import io.genstage.StageExitException;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.testing.StageTestKit;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** StageFlow: a producer-consumer between an Akka Streams upstream and downstream. */
class StageFlowTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  /** Emits each event doubled. */
  static final class Doubler extends ProducerConsumer<Integer, Integer, Void> {
    @Override
    protected List<Integer> handleEvents(List<Integer> events, Subscription from) {
      return events.stream().map(i -> i * 2).toList();
    }
  }

  static ProducerConsumerRef<Integer, Integer, Void> doubler() {
    return kit.spawn(Stages.producerConsumer(Doubler::new));
  }

  /** A test source through {@code stage} (default options) into a test sink: both probes. */
  static Pair<TestPublisher.Probe<Integer>, TestSubscriber.Probe<Integer>> probedThrough(
      ProducerConsumerRef<Integer, Integer, Void> stage) {
    return TestSource.<Integer>create(testKit.system())
        .via(StageFlow.through(stage, testKit.system()))
        .toMat(TestSink.create(testKit.system()), Keep.both())
        .run(testKit.system());
  }

  /** Downstream asks for one; {@code in} sent from upstream comes out as {@code out}. */
  static void expectOneThrough(Pair<TestPublisher.Probe<Integer>, TestSubscriber.Probe<Integer>> mat, int in,
      int out) {
    mat.second().request(1);
    mat.first().sendNext(in);
    mat.second().expectNext(out);
  }

  static List<Integer> doubled(int from, int to) {
    return IntStream.rangeClosed(from, to).map(i -> i * 2).boxed().toList();
  }

  @Test
  void aRangeThroughADoublerComesOutDoubledInOrderAndCompletes() throws Exception {
    var stage = doubler();
    List<Integer> got = Source.range(1, 100)
        .via(StageFlow.through(stage, testKit.system()))
        .runWith(Sink.seq(), testKit.system())
        .toCompletableFuture().get(3, TimeUnit.SECONDS);
    assertEquals(doubled(1, 100), got);
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.expectTerminated(stage.actor()); // its permanent subscription to the flow's upstream ended
  }

  @Test
  void smallDemandsOnBothSidesKeepEveryEventInOrder() throws Exception {
    var stage = doubler();
    List<Integer> got = Source.range(1, 50)
        .via(StageFlow.through(stage, SubscribeOptions.defaults().withDemand(3, 1),
            SubscribeOptions.defaults().withDemand(4, 2), testKit.system()))
        .runWith(Sink.seq(), testKit.system())
        .toCompletableFuture().get(3, TimeUnit.SECONDS);
    assertEquals(doubled(1, 50), got);
  }

  @Test
  void anEmptyUpstreamCompletesTheFlowEmpty() throws Exception {
    var stage = doubler();
    List<Integer> got = Source.<Integer>empty()
        .via(StageFlow.through(stage, testKit.system()))
        .runWith(Sink.seq(), testKit.system())
        .toCompletableFuture().get(3, TimeUnit.SECONDS);
    assertEquals(List.of(), got);
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.expectTerminated(stage.actor());
  }

  @Test
  void downstreamDemandDrivesUpstreamPulls() {
    var stage = doubler();
    Pair<TestPublisher.Probe<Integer>, TestSubscriber.Probe<Integer>> mat = TestSource.<Integer>create(testKit.system())
        .via(StageFlow.through(stage, SubscribeOptions.defaults().withDemand(2, 1),
            SubscribeOptions.defaults().withDemand(2, 1), testKit.system()))
        .toMat(TestSink.create(testKit.system()), Keep.both())
        .run(testKit.system());
    TestPublisher.Probe<Integer> pub = mat.first();
    TestSubscriber.Probe<Integer> sink = mat.second();
    sink.request(3);
    pub.sendNext(1);
    pub.sendNext(2);
    pub.sendNext(3);
    sink.expectNext(2, 4, 6);
    pub.sendComplete();
    sink.expectComplete();
  }

  @Test
  void downstreamCancelCancelsUpstreamAndEndsTheStage() {
    var stage = doubler();
    Pair<TestPublisher.Probe<Integer>, TestSubscriber.Probe<Integer>> mat = probedThrough(stage);
    expectOneThrough(mat, 21, 42);
    mat.second().cancel();
    mat.first().expectCancellation();
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.expectTerminated(stage.actor());
  }

  @Test
  void upstreamFailureFailsTheStreamWithTheFailure() {
    var stage = doubler();
    Pair<TestPublisher.Probe<Integer>, TestSubscriber.Probe<Integer>> mat = probedThrough(stage);
    expectOneThrough(mat, 1, 2);
    RuntimeException boom = new IllegalStateException("boom");
    mat.first().sendError(boom);
    Throwable error = mat.second().expectError();
    // The stage's exit carrying the failure (its permanent subscription ended with it), or the
    // failure itself: either way downstream learns of boom.
    if (error instanceof StageExitException exit) {
      assertSame(boom, assertInstanceOf(CancelReason.Failure.class, exit.reason()).cause());
    } else {
      assertSame(boom, error);
    }
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.expectTerminated(stage.actor());
  }

  @Test
  void aDownstreamCancelEndsTheStageThoughItHoldsQueuedInput() throws Exception {
    var stage = doubler();
    CompletionStage<CancelReason> end = GenStage.completion(testKit.system(), stage);
    // The stage has pulled far more than take(100) wants: input is queued when downstream cancels.
    Pair<CompletionStage<akka.Done>, TestSubscriber.Probe<Integer>> mat = Source.range(0, 100_000)
        .watchTermination(Keep.right())
        .via(StageFlow.through(stage, testKit.system()))
        .take(100)
        .toMat(TestSink.create(testKit.system()), Keep.both())
        .run(testKit.system());
    TestSubscriber.Probe<Integer> sink = mat.second();
    sink.request(200);
    for (int i = 0; i < 100; i++) {
      sink.expectNext(i * 2);
    }
    sink.expectComplete();
    assertEquals(CancelReason.NORMAL, end.toCompletableFuture().get(3, TimeUnit.SECONDS));
    mat.first().toCompletableFuture().get(3, TimeUnit.SECONDS); // upstream cancelled, not left running
  }

  @Test
  void aSecondMaterializationOfAFlowBoundToOneStageFailsAtOnce() throws Exception {
    var stage = doubler();
    var flow = StageFlow.<Integer, Integer>through(stage, testKit.system());
    List<Integer> first = Source.range(0, 100_000).via(flow).take(100)
        .runWith(Sink.seq(), testKit.system())
        .toCompletableFuture().get(3, TimeUnit.SECONDS);
    assertEquals(doubled(0, 99), first);

    TestSubscriber.Probe<Integer> second = Source.range(0, 100_000).via(flow)
        .runWith(TestSink.create(testKit.system()), testKit.system());
    IllegalStateException error = assertInstanceOf(IllegalStateException.class, second.expectSubscriptionAndError());
    assertTrue(error.getMessage().contains(stage.actor().path().toString()), error.getMessage());
  }

  @Test
  void aFlowOfAStageSpecRunsEachMaterializationOnAStageOfItsOwn() throws Exception {
    var flow = StageFlow.of(Stages.producerConsumer(Doubler::new), SubscribeOptions.defaults(),
        SubscribeOptions.defaults(), testKit.system());
    List<Integer> first = Source.range(0, 100_000).via(flow).take(100)
        .runWith(Sink.seq(), testKit.system())
        .toCompletableFuture().get(3, TimeUnit.SECONDS);
    List<Integer> second = Source.range(1, 5_000).via(flow)
        .runWith(Sink.seq(), testKit.system())
        .toCompletableFuture().get(3, TimeUnit.SECONDS);
    assertEquals(doubled(0, 99), first);
    assertEquals(doubled(1, 5_000), second); // nothing left over from the first run
  }

  @Test
  void aFlowOfAStageSpecFailsARunWithItsUpstreamAndStillServesTheNext() throws Exception {
    var flow = StageFlow.of(Stages.producerConsumer(Doubler::new), SubscribeOptions.defaults(),
        SubscribeOptions.defaults(), testKit.system());
    RuntimeException boom = new IllegalStateException("boom");
    TestSubscriber.Probe<Integer> failing = Source.<Integer>failed(boom).via(flow)
        .runWith(TestSink.create(testKit.system()), testKit.system());
    Throwable error = failing.expectSubscriptionAndError();
    if (error instanceof StageExitException exit) {
      assertSame(boom, assertInstanceOf(CancelReason.Failure.class, exit.reason()).cause());
    } else {
      assertSame(boom, error);
    }
    List<Integer> next = Source.range(1, 10).via(flow)
        .runWith(Sink.seq(), testKit.system())
        .toCompletableFuture().get(3, TimeUnit.SECONDS);
    assertEquals(doubled(1, 10), next);
  }
}
