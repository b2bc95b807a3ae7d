package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.genstage.fixtures.BatchForwarder;
import io.genstage.fixtures.Counter;
import io.genstage.fixtures.TestGate;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link GenStage#completion}: waiting from outside for a stage to end, and learning how it did. */
class CompletionTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  private static CancelReason await(CompletionStage<CancelReason> completion) throws Exception {
    return completion.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static StageExitException awaitFailure(CompletionStage<CancelReason> completion) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(completion));
    return assertInstanceOf(StageExitException.class, e.getCause());
  }

  @Test
  void completesWithTheNormalReasonOfAStageThatFinished() throws Exception {
    var stage = kit.spawn(Stages.producer(FinishingTest.Scripted::new));
    var completion = GenStage.completion(testKit.system(), stage);

    GenStage.cast(stage, new FinishingTest.Scripted.Drain(Duration.ofSeconds(5)));
    assertEquals(CancelReason.NORMAL, await(completion));
  }

  @Test
  void aPipelinesEndIsSeenAtItsLastStage() throws Exception {
    TestProbe<Long> demands = testKit.createTestProbe();
    TestProbe<List<Integer>> batches = testKit.createTestProbe();
    var producer = kit.spawn(Stages.producer(() -> new FinishingTest.EmitAllThenEnd(
        List.of(1, 2, 3, 4, 5), FinishingTest.Ending.DRAIN, demands.getRef())));
    var consumer = kit.spawn(Stages.consumer(() -> new BatchForwarder<Integer>(batches.getRef())));
    var completion = GenStage.completion(testKit.system(), consumer);

    GenStage.asyncSubscribe(consumer, producer, SubscribeOptions.defaults().withMaxDemand(2));

    // The producer drains, its permanent consumer stops after the last event with its reason.
    assertEquals(CancelReason.NORMAL, await(completion));
    assertEquals(List.of(1), batches.receiveMessage());
    assertEquals(List.of(2), batches.receiveMessage());
    assertEquals(List.of(3), batches.receiveMessage());
    assertEquals(List.of(4), batches.receiveMessage());
    assertEquals(List.of(5), batches.receiveMessage());
  }

  @Test
  void aFanInConsumerReceivesEveryEventOfBothProducersAndThenCompletes() throws Exception {
    TestProbe<Long> demands = testKit.createTestProbe();
    TestProbe<List<Integer>> batches = testKit.createTestProbe();
    var evens = kit.spawn(Stages.producer(() -> new FinishingTest.EmitAllThenEnd(
        IntStream.range(0, 1000).map(i -> 2 * i).boxed().toList(), FinishingTest.Ending.DRAIN, demands.getRef())));
    var odds = kit.spawn(Stages.producer(() -> new FinishingTest.EmitAllThenEnd(
        IntStream.range(0, 1000).map(i -> 2 * i + 1).boxed().toList(), FinishingTest.Ending.DRAIN, demands.getRef())));
    // Both subscribed as the merge starts: two subscribes told one after the other could be split by
    // the whole of the first producer's run, after which LAST would see its only subscription end.
    SubscribeOptions<Object> last = SubscribeOptions.defaults().withMaxDemand(10).withCancel(CancelMode.LAST);
    var merge = kit.spawn(Stages.consumer(() -> new BatchForwarder<Integer>(batches.getRef()),
        SubscribeTo.of(evens, last), SubscribeTo.of(odds, last)));
    var completion = GenStage.completion(testKit.system(), merge);

    // With PERMANENT it would stop when the first producer ends; LAST waits for both.
    assertEquals(CancelReason.NORMAL, await(completion));
    Set<Integer> received = new HashSet<>();
    int count = 0;
    while (count < 2000) {
      List<Integer> batch = batches.receiveMessage();
      received.addAll(batch);
      count += batch.size();
    }
    assertEquals(2000, received.size());
    assertEquals(IntStream.range(0, 2000).boxed().collect(Collectors.toSet()), received);
  }

  @Test
  void aSecondDrainWhileDrainingIsAnsweredWithTheEndTheFirstOneMade() throws Exception {
    TestProbe<Object> consumed = testKit.createTestProbe();
    var producer = kit.spawn(Stages.producer(FinishingTest.Scripted::new));
    var consumer = kit.spawn(Stages.consumer(() -> new DemandTest.ManualAsker(consumed.getRef()), SubscribeTo.of(producer)));
    GenStage.cast(producer, new FinishingTest.Scripted.Emit(List.of(1, 2, 3)));
    assertEquals(3, GenStage.estimateBufferedCount(testKit.system(), producer).toCompletableFuture().get(5, TimeUnit.SECONDS));

    var first = GenStage.stopWhenDrained(testKit.system(), producer, CancelReason.NORMAL, Duration.ofSeconds(5));
    var second = GenStage.stopWhenDrained(testKit.system(), producer, CancelReason.of("later"), Duration.ofSeconds(5));
    // The producer holds its 3 events until its consumer asks: both requests wait.
    assertEquals(3, GenStage.estimateBufferedCount(testKit.system(), producer).toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertFalse(first.toCompletableFuture().isDone() || second.toCompletableFuture().isDone());

    GenStage.cast(consumer, new DemandTest.ManualAsker.AskFor(3));
    assertEquals(new DemandTest.ManualAsker.Asked(3), consumed.receiveMessage());
    assertEquals(new DemandTest.ManualAsker.Batch(List.of(1, 2, 3)), consumed.receiveMessage());
    assertEquals(CancelReason.NORMAL, await(first));
    assertEquals(CancelReason.NORMAL, await(second));
  }

  /** Waits at the gate it is cast. */
  static final class Held extends Producer<Integer, TestGate> {
    @Override
    protected List<Integer> handleDemand(long demand) {
      return List.of();
    }

    @Override
    protected List<Integer> handleCast(TestGate gate) {
      gate.pass();
      return List.of();
    }
  }

  @Test
  void aStageStoppedTwiceAnswersBothStopsWithTheReasonItEndedWith() throws Exception {
    var stage = kit.spawn(Stages.producer(Held::new));
    TestGate gate = new TestGate();
    GenStage.cast(stage, gate);

    var first = GenStage.stop(testKit.system(), stage, CancelReason.NORMAL);
    var second = GenStage.stop(testKit.system(), stage, CancelReason.SHUTDOWN);
    gate.open();

    assertEquals(CancelReason.NORMAL, await(first));
    // Akka drops what waits behind a stop, and its Terminated carries no reason (an Erlang monitor
    // would): the second stop learns how the stage ended from what the stage left in its JVM.
    assertEquals(CancelReason.NORMAL, await(second));
  }

  @Test
  void aStopToAStageThatHasStoppedIsAnsweredWithHowItEnded() throws Exception {
    var stage = kit.spawn(Stages.producer(() -> new Counter(0)));
    assertEquals(CancelReason.NORMAL, await(GenStage.stop(testKit.system(), stage, CancelReason.NORMAL)));

    assertEquals(CancelReason.NORMAL, await(GenStage.stop(testKit.system(), stage, CancelReason.SHUTDOWN)));
  }

  /** Sums what it receives; emits the sum when its input ends. */
  static final class Sum extends ProducerConsumer<Integer, Long, Void> {
    private long sum;

    @Override
    protected List<Long> handleEvents(List<Integer> events, Subscription from) {
      events.forEach(e -> sum += e);
      return List.of();
    }

    @Override
    protected List<Long> handleInputEnd(CancelReason reason) {
      return List.of(sum);
    }
  }

  @Test
  void aFanInProducerConsumerEmitsItsResultWhenItsLastInputEndsThenCompletes() throws Exception {
    TestProbe<Long> demands = testKit.createTestProbe();
    TestProbe<List<Long>> batches = testKit.createTestProbe();
    var evens = kit.spawn(Stages.producer(() -> new FinishingTest.EmitAllThenEnd(
        IntStream.range(0, 1000).map(i -> 2 * i).boxed().toList(), FinishingTest.Ending.DRAIN, demands.getRef())));
    var odds = kit.spawn(Stages.producer(() -> new FinishingTest.EmitAllThenEnd(
        IntStream.range(0, 1000).map(i -> 2 * i + 1).boxed().toList(), FinishingTest.Ending.DRAIN, demands.getRef())));
    SubscribeOptions<Object> last = SubscribeOptions.defaults().withMaxDemand(10).withCancel(CancelMode.LAST);
    var sum = kit.spawn(Stages.producerConsumer(Sum::new, SubscribeTo.of(evens, last), SubscribeTo.of(odds, last)));
    var consumer = kit.spawn(Stages.consumer(() -> new BatchForwarder<Long>(batches.getRef()), SubscribeTo.of(sum)));
    var completion = GenStage.completion(testKit.system(), consumer);

    assertEquals(CancelReason.NORMAL, await(completion));
    assertEquals(List.of(1999L * 2000 / 2), batches.receiveMessage());
    batches.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void completesWithShutdownWhenStoppedFromOutside() throws Exception {
    var stage = kit.spawn(Stages.producer(() -> new Counter(0)));
    var completion = GenStage.completion(testKit.system(), stage);
    // Akka's stop overtakes what waits in the stage's mailbox: let the stage see the request first.
    GenStage.demandMode(testKit.system(), stage).toCompletableFuture().get(5, TimeUnit.SECONDS);

    testKit.stop(stage.actor());
    assertEquals(CancelReason.SHUTDOWN, await(completion));
  }

  @Test
  void failsWithTheOriginalExceptionOfAStageThatFailed() {
    var stage = kit.spawn(Stages.producer(FinishingTest.Scripted::new));
    var completion = GenStage.completion(testKit.system(), stage);
    IllegalStateException boom = new IllegalStateException("input file missing");

    GenStage.cast(stage, new FinishingTest.Scripted.Fail(boom));

    StageExitException failure = awaitFailure(completion);
    assertSame(boom, failure.getCause());
    assertEquals(CancelReason.failure(boom), failure.reason());
    assertEquals("stage [" + stage.actor().path() + "] stopped with reason: " + CancelReason.failure(boom),
        failure.getMessage());
  }

  @Test
  void reportsShutdownForAStageStoppedBeforeItWasAsked() throws Exception {
    var stage = kit.spawn(Stages.producer(() -> new Counter(0)));
    TestProbe<Object> probe = testKit.createTestProbe();
    testKit.stop(stage.actor());
    probe.expectTerminated(stage.actor());

    assertEquals(CancelReason.SHUTDOWN, await(GenStage.completion(testKit.system(), stage)));
  }

  @Test
  void reportsTheOriginalFailureOfAStageThatHadFailedBeforeItWasAsked() {
    var stage = kit.spawn(Stages.producer(FinishingTest.Scripted::new));
    TestProbe<Object> probe = testKit.createTestProbe();
    IllegalStateException boom = new IllegalStateException("input file missing");
    GenStage.cast(stage, new FinishingTest.Scripted.Fail(boom));
    probe.expectTerminated(stage.actor());

    StageExitException failure = awaitFailure(GenStage.completion(testKit.system(), stage));
    assertSame(boom, failure.getCause());
  }

  @Test
  void aCompletionAskedAfterARestartWaitsForTheNewIncarnationsEnd() throws Exception {
    var spec = Stages.producer(FinishingTest.Scripted::new);
    var stage = spec.ref(testKit.spawn(akka.actor.typed.javadsl.Behaviors.supervise(spec.behavior())
        .onFailure(akka.actor.typed.SupervisorStrategy.restart())));
    GenStage.cast(stage, new FinishingTest.Scripted.Fail(new IllegalStateException("input file missing")));
    GenStage.demandMode(testKit.system(), stage).toCompletableFuture().get(5, TimeUnit.SECONDS); // restarted

    var completion = GenStage.completion(testKit.system(), stage).toCompletableFuture();
    GenStage.demandMode(testKit.system(), stage).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertFalse(completion.isDone(), "the earlier incarnation's failure is not this one's end");

    GenStage.stop(testKit.system(), stage, CancelReason.NORMAL);
    assertEquals(CancelReason.NORMAL, await(completion));
  }

  @Test
  void failsWithTerminatedForAKilledStageAskedAfterItsEnd() {
    var stage = kit.spawn(Stages.producer(() -> new Counter(0)));
    TestProbe<Object> probe = testKit.createTestProbe();
    akka.actor.typed.javadsl.Adapter.toClassic(stage.actor()).tell(akka.actor.Kill.getInstance(), akka.actor.ActorRef.noSender());
    probe.expectTerminated(stage.actor());

    assertEquals(CancelReason.TERMINATED, awaitFailure(GenStage.completion(testKit.system(), stage)).reason());
  }
}
