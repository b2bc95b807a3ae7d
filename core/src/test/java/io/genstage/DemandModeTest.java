package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.genstage.fixtures.BatchForwarder;
import io.genstage.fixtures.Counter;
import io.genstage.fixtures.DemandReporter;
import io.genstage.fixtures.Emit;
import io.genstage.fixtures.RawConsumer;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Producer demand modes FORWARD and ACCUMULATE (SEMANTICS.md §4.5, §2 demand rows). */
class DemandModeTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();
  static final Duration QUIET = Duration.ofMillis(150);

  // ------------------------------------------------------------------ fixtures

  /** Counts 0, 1, 2, ... on demand, reporting every handleDemand to a probe; also emits on command. */
  static final class Recorder extends DemandReporter<Emit<Integer>> {
    Recorder(ActorRef<Long> demands) {
      super(demands);
    }

    @Override
    protected List<Integer> handleCast(Emit<Integer> command) {
      return command.events();
    }
  }

  /** A producer-consumer passing events through unchanged. */
  static final class PassThrough extends ProducerConsumer<Integer, Integer, Void> {
    @Override
    protected List<Integer> handleEvents(List<Integer> events, Subscription from) {
      return events;
    }
  }

  private final TestProbe<Long> demands = testKit.createTestProbe();

  private ProducerRef<Integer, Emit<Integer>> spawnRecorder(DemandMode mode) {
    return kit.spawn(Stages.producer(() -> new Recorder(demands.getRef()), ProducerOptions.defaults().withDemand(mode)));
  }

  private static DemandMode modeOf(ProducerRef<?, ?> producer) {
    return GenStage.demandMode(testKit.system(), producer).toCompletableFuture().join();
  }

  private static int bufferedCount(ProducerRef<?, ?> producer) {
    return GenStage.estimateBufferedCount(testKit.system(), producer).toCompletableFuture().join();
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  // ------------------------------------------------------------------ tests

  @Test
  void forwardIsTheDefaultAndCallsHandleDemandAtOnce() {
    var producer = spawnRecorder(ProducerOptions.defaults().demand());
    assertEquals(DemandMode.FORWARD, modeOf(producer));
    var consumer = new RawConsumer<>(producer, testKit.createTestProbe()).subscribe();
    consumer.ask(3);
    assertEquals(3L, demands.receiveMessage());
    assertEquals(range(0, 3), consumer.nextEvents());
  }

  @Test
  void accumulateRecordsEachDemandAndReplaysThemOneByOneOnForward() {
    var producer = spawnRecorder(DemandMode.ACCUMULATE);
    var first = new RawConsumer<>(producer, testKit.createTestProbe()).subscribe();
    var second = new RawConsumer<>(producer, testKit.createTestProbe()).subscribe();
    first.ask(10);
    second.ask(10);

    // Answered after the subscribes and asks above (same sender): they have been handled.
    assertEquals(DemandMode.ACCUMULATE, modeOf(producer));
    demands.expectNoMessage(QUIET);
    first.probe.expectNoMessage(Duration.ZERO);
    second.probe.expectNoMessage(Duration.ZERO);

    GenStage.setDemandMode(producer, DemandMode.FORWARD);
    // One handleDemand per recorded demand, not one of 20.
    assertEquals(10L, demands.receiveMessage());
    assertEquals(10L, demands.receiveMessage());
    // The first demand's events go to the first subscriber (both want 10; the older one wins).
    assertEquals(range(0, 10), first.nextEvents());
    assertEquals(range(10, 20), second.nextEvents());
    assertEquals(DemandMode.FORWARD, modeOf(producer));
    demands.expectNoMessage(QUIET);
  }

  @Test
  void eventsEmittedWhileAccumulatingAreHeldAndDispatchedInOrderOnForward() {
    var producer = spawnRecorder(DemandMode.ACCUMULATE);
    GenStage.cast(producer, new Emit<>(List.of(100, 101)));
    var consumer = new RawConsumer<>(producer, testKit.createTestProbe()).subscribe();
    consumer.ask(10);
    GenStage.cast(producer, new Emit<>(List.of(102)));

    // Held, not buffered and not dispatched.
    assertEquals(0, bufferedCount(producer));
    consumer.probe.expectNoMessage(QUIET);
    demands.expectNoMessage(Duration.ZERO);

    // Replayed oldest first: [100, 101], then the demand of 10, then [102].
    GenStage.setDemandMode(producer, DemandMode.FORWARD);
    assertEquals(List.of(100, 101), consumer.nextEvents());
    assertEquals(10L, demands.receiveMessage());
    assertEquals(range(0, 8), consumer.nextEvents());
    // 8 and 9 exceeded the consumer's demand and were buffered, then 102 behind them.
    assertEquals(3, bufferedCount(producer));

    consumer.ask(5);
    assertEquals(List.of(8, 9, 102), consumer.nextEvents());
    assertEquals(2L, demands.receiveMessage());
    assertEquals(List.of(10, 11), consumer.nextEvents());
    consumer.probe.expectNoMessage(QUIET);
  }

  @Test
  void switchingToTheCurrentModeIsANoOp() {
    var producer = spawnRecorder(DemandMode.ACCUMULATE);
    var consumer = new RawConsumer<>(producer, testKit.createTestProbe()).subscribe();
    consumer.ask(5);

    // ACCUMULATE again: the recorded demand is neither replayed nor reset.
    GenStage.setDemandMode(producer, DemandMode.ACCUMULATE);
    assertEquals(DemandMode.ACCUMULATE, modeOf(producer));
    demands.expectNoMessage(QUIET);

    GenStage.setDemandMode(producer, DemandMode.FORWARD);
    assertEquals(5L, demands.receiveMessage());
    assertEquals(range(0, 5), consumer.nextEvents());

    // FORWARD again: nothing is replayed a second time.
    GenStage.setDemandMode(producer, DemandMode.FORWARD);
    assertEquals(DemandMode.FORWARD, modeOf(producer));
    demands.expectNoMessage(QUIET);
    consumer.probe.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aForwardingProducerCanBeSwitchedToAccumulate() {
    var producer = spawnRecorder(DemandMode.FORWARD);
    var consumer = new RawConsumer<>(producer, testKit.createTestProbe()).subscribe();
    consumer.ask(4);
    assertEquals(4L, demands.receiveMessage());
    assertEquals(range(0, 4), consumer.nextEvents());

    GenStage.setDemandMode(producer, DemandMode.ACCUMULATE);
    consumer.ask(6);
    assertEquals(DemandMode.ACCUMULATE, modeOf(producer));
    demands.expectNoMessage(QUIET);

    GenStage.setDemandMode(producer, DemandMode.FORWARD);
    assertEquals(6L, demands.receiveMessage());
    assertEquals(range(4, 10), consumer.nextEvents());
  }

  @Test
  void aProducerConsumerIgnoresAccumulateWithAnErrorAndKeepsForwarding() {
    ProducerRef<Integer, Void> counter = kit.spawn(Stages.producer(() -> new Counter(0)));
    ProducerConsumerRef<Integer, Integer, Void> pc = kit.spawn(Stages.producerConsumer(PassThrough::new,
        SubscribeTo.of(counter, SubscribeOptions.defaults().withMaxDemand(10))));

    DemandMode mode = LoggingTestKit.error("Demand mode can only be set for producers")
        .expect(testKit.system(), () -> {
          GenStage.setDemandMode(pc, DemandMode.ACCUMULATE);
          return modeOf(pc);
        });
    assertEquals(DemandMode.FORWARD, mode);

    // Setting FORWARD on a producer-consumer is a silent no-op.
    mode = LoggingTestKit.error("Demand mode").withOccurrences(0).expect(testKit.system(), () -> {
      GenStage.setDemandMode(pc, DemandMode.FORWARD);
      return modeOf(pc);
    });
    assertEquals(DemandMode.FORWARD, mode);

    // Still forwarding: a consumer gets events through it.
    TestProbe<List<Integer>> received = testKit.createTestProbe();
    var consumerSpec = Stages.consumer(() -> new BatchForwarder<Integer>(received.getRef()),
        SubscribeTo.of(pc, SubscribeOptions.defaults().withMaxDemand(10)));
    testKit.spawn(consumerSpec.behavior());
    assertEquals(range(0, 5), received.receiveMessage());
  }
}
