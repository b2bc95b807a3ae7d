package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.genstage.fixtures.BatchForwarder;
import io.genstage.fixtures.Counter;
import io.genstage.fixtures.DemandReporter;
import io.genstage.fixtures.RecordingConsumer;
import io.genstage.fixtures.TestGate;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Automatic and manual demand as a consumer stage practises it (SEMANTICS.md §4.1, §4.2). */
class DemandTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();
  static final Duration SHORT = Duration.ofMillis(150);

  // ------------------------------------------------------------------ fixtures

  /** A consumer that asks by hand: its commands make it call context().ask. */
  static final class ManualAsker extends RecordingConsumer<Integer, ManualAsker.AskFor, Object> {
    record AskFor(long demand) {}

    record Asked(long demand) {}

    record Batch(List<Integer> events) {}

    ManualAsker(ActorRef<Object> report) {
      super(report, true, (from, events) -> new Batch(events), null);
    }

    @Override
    protected void handleCast(AskFor command) {
      try {
        askLatest(command.demand());
        report().tell(new Asked(command.demand()));
      } catch (IllegalArgumentException e) {
        report().tell(e);
      }
    }
  }

  /**
   * A consumer whose handleSubscribe waits for the test's go, then records the subscription. It
   * asks manually (and never does) so that no events flow: the test is about the subscribe reply.
   */
  static final class GatedSubscriber extends Consumer<Integer, Void> {
    private final TestGate gate;
    private final List<Subscription> seen;

    GatedSubscriber(TestGate gate, List<Subscription> seen) {
      this.gate = gate;
      this.seen = seen;
    }

    @Override
    protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
      gate.pass();
      seen.add(from);
      return AskMode.MANUAL;
    }

    @Override
    protected void handleEvents(List<Integer> events, Subscription from) {}
  }

  // ------------------------------------------------------------------ helpers

  /** What the forwarder receives. */
  private final TestProbe<List<Integer>> batches = testKit.createTestProbe();
  /** Each handleDemand of a {@link DemandReporter}. */
  private final TestProbe<Long> demands = testKit.createTestProbe();
  /** Plays the producer in the tests that drive the raw protocol. */
  private final TestProbe<ProducerMessage<Integer>> producer = testKit.createTestProbe();
  /** What a {@link ManualAsker} reports. */
  private final TestProbe<Object> report = testKit.createTestProbe();

  /** The forwarder receives {@code expected}, batch by batch, in order. */
  @SafeVarargs
  private void expectBatches(List<Integer>... expected) {
    for (List<Integer> batch : expected) {
      assertEquals(batch, batches.receiveMessage());
    }
  }

  static List<Integer> range(int first, int last) {
    return IntStream.rangeClosed(first, last).boxed().toList();
  }

  static ProducerRef<Integer, Void> spawnCounter() {
    return kit.spawn(Stages.producer(() -> new Counter(0)));
  }

  static ConsumerRef<Integer, Void> spawnForwarder(TestProbe<List<Integer>> probe, SubscribeTo<Integer> to) {
    return kit.spawn(Stages.consumer(() -> new BatchForwarder<Integer>(probe.getRef()), to));
  }

  static ConsumerRef<Integer, Void> spawnForwarder(TestProbe<List<Integer>> probe) {
    return kit.spawn(Stages.consumer(() -> new BatchForwarder<Integer>(probe.getRef())));
  }

  /**
   * A producer reference for a probe. The probe stands in for a producer: it receives the consumer's
   * protocol messages and answers with raw ones, so its ref is typed as a stage ref by an unchecked
   * cast (the spec's handler is never run).
   */
  @SuppressWarnings("unchecked")
  static ProducerRef<Integer, Void> probeAsProducer(TestProbe<ProducerMessage<Integer>> probe) {
    ActorRef<Void> actor = (ActorRef<Void>) (ActorRef<?>) probe.getRef();
    return Stages.producer(() -> new Counter(0)).ref(actor);
  }

  static ProducerMessage.Subscribe<Integer> expectSubscribe(TestProbe<ProducerMessage<Integer>> probe) {
    return assertInstanceOf(ProducerMessage.Subscribe.class, probe.receiveMessage());
  }

  static ProducerMessage.Ask<Integer> expectAsk(TestProbe<ProducerMessage<Integer>> probe, long demand) {
    ProducerMessage.Ask<Integer> ask = assertInstanceOf(ProducerMessage.Ask.class, probe.receiveMessage());
    assertEquals(demand, ask.demand());
    return ask;
  }

  static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** Stops the stages of a test whose producer would otherwise keep emitting. */
  static void stop(StageRef<?>... stages) {
    for (StageRef<?> s : stages) {
      testKit.stop(s.actor());
    }
  }

  // ------------------------------------------------------------------ automatic batching

  @Test
  void defaultDemandIsHandledInBatchesOfFiveHundred() {
    var counter = spawnCounter();
    var consumer = spawnForwarder(batches, SubscribeTo.of(counter));
    expectBatches(range(0, 499), range(500, 999), range(1000, 1499));
    stop(consumer, counter);
  }

  @Test
  void max100Min80GivesBatchesOfTwenty() {
    var counter = spawnCounter();
    var consumer = spawnForwarder(batches, SubscribeTo.of(counter, SubscribeOptions.defaults().withDemand(100, 80)));
    for (int first = 0; first < 200; first += 20) {
      assertEquals(range(first, first + 19), batches.receiveMessage());
    }
    stop(consumer, counter);
  }

  @Test
  void max100Min20RefillsOnlyWhenDemandFallsToTwenty() {
    var counter = spawnCounter();
    var consumer = spawnForwarder(batches, SubscribeTo.of(counter, SubscribeOptions.defaults().withDemand(100, 20)));
    expectBatches(range(0, 79), range(80, 99), range(100, 179), range(180, 259), range(260, 279));
    stop(consumer, counter);
  }

  @Test
  void max1Min0DeliversOneEventPerBatch() {
    var counter = spawnCounter();
    var consumer = spawnForwarder(batches, SubscribeTo.of(counter, SubscribeOptions.defaults().withDemand(1, 0)));
    for (int i = 0; i < 10; i++) {
      assertEquals(List.of(i), batches.receiveMessage());
    }
    stop(consumer, counter);
  }

  @Test
  void max10Min5GivesBatchesOfFive() {
    var counter = spawnCounter();
    var consumer = spawnForwarder(batches, SubscribeTo.of(counter, SubscribeOptions.defaults().withMaxDemand(10)));
    expectBatches(range(0, 4), range(5, 9), range(10, 14));
    stop(consumer, counter);
  }

  // ------------------------------------------------------------------ demand seen by the producer

  @Test
  void producerSeesMaxDemandThenRefillsOfMaxMinusMin() {
    var reporter = kit.spawn(Stages.producer(() -> new DemandReporter<Void>(demands.getRef())));
    var consumer = spawnForwarder(batches, SubscribeTo.of(reporter, SubscribeOptions.defaults().withMaxDemand(10)));
    assertEquals(10L, demands.receiveMessage());
    assertEquals(5L, demands.receiveMessage());
    assertEquals(5L, demands.receiveMessage());
    assertEquals(5L, demands.receiveMessage());
    expectBatches(range(0, 4), range(5, 9), range(10, 14));
    stop(consumer, reporter);
  }

  @Test
  void producerSeesThousandThenFiveHundreds() {
    var reporter = kit.spawn(Stages.producer(() -> new DemandReporter<Void>(demands.getRef())));
    var consumer = spawnForwarder(batches, SubscribeTo.of(reporter));
    assertEquals(1000L, demands.receiveMessage());
    assertEquals(500L, demands.receiveMessage());
    assertEquals(500L, demands.receiveMessage());
    stop(consumer, reporter);
  }

  /** The "producer sees" column of docs/stages.md's demand table, row 100 / 80. */
  @Test
  void max100Min80ProducerSeesHundredThenTwenties() {
    var reporter = kit.spawn(Stages.producer(() -> new DemandReporter<Void>(demands.getRef())));
    var consumer = spawnForwarder(batches, SubscribeTo.of(reporter, SubscribeOptions.defaults().withDemand(100, 80)));
    assertEquals(100L, demands.receiveMessage());
    for (int i = 0; i < 5; i++) {
      assertEquals(20L, demands.receiveMessage());
    }
    stop(consumer, reporter);
  }

  /** Row 100 / 20: the producer sees 100, 80, 100, 80, ... */
  @Test
  void max100Min20ProducerSeesHundredAndEightyInTurn() {
    var reporter = kit.spawn(Stages.producer(() -> new DemandReporter<Void>(demands.getRef())));
    var consumer = spawnForwarder(batches, SubscribeTo.of(reporter, SubscribeOptions.defaults().withDemand(100, 20)));
    for (long expected : new long[] {100, 80, 100, 80, 100, 80}) {
      assertEquals(expected, demands.receiveMessage());
    }
    stop(consumer, reporter);
  }

  /** Row 1 / 0: the producer sees 1, 1, 1, ... */
  @Test
  void max1Min0ProducerSeesOneAtATime() {
    var reporter = kit.spawn(Stages.producer(() -> new DemandReporter<Void>(demands.getRef())));
    var consumer = spawnForwarder(batches, SubscribeTo.of(reporter, SubscribeOptions.defaults().withDemand(1, 0)));
    for (int i = 0; i < 5; i++) {
      assertEquals(1L, demands.receiveMessage());
    }
    stop(consumer, reporter);
  }

  // The same arithmetic against a raw producer, without an actor: ConsumerHalfTest.

  // ------------------------------------------------------------------ manual demand

  @Test
  void manualSubscriptionAsksOnlyWhenTheHandlerDoes() throws Exception {
    var consumer = kit.spawn(Stages.consumer(() -> new ManualAsker(report.getRef())));

    await(GenStage.subscribe(testKit.system(), consumer, probeAsProducer(producer), SubscribeOptions.defaults().withDemand(4, 2)));
    var subscribe = expectSubscribe(producer);
    producer.expectNoMessage(SHORT); // no automatic ask

    GenStage.cast(consumer, new ManualAsker.AskFor(10));
    report.expectMessage(new ManualAsker.Asked(10));
    assertEquals(subscribe.tag(), expectAsk(producer, 10).tag());

    // Ten events, more than maxDemand - minDemand = 2: still one batch, and no ask after it.
    subscribe.consumer().tell(new ConsumerMessage.Events<>(producer.getRef(), subscribe.tag(), range(0, 9)));
    report.expectMessage(new ManualAsker.Batch(range(0, 9)));
    report.expectNoMessage(SHORT);
    producer.expectNoMessage(SHORT);
  }

  @Test
  void manualAskOfZeroOrLessIsRejectedAndSendsNothing() throws Exception {
    var consumer = kit.spawn(Stages.consumer(() -> new ManualAsker(report.getRef())));
    await(GenStage.subscribe(testKit.system(), consumer, probeAsProducer(producer), SubscribeOptions.defaults()));
    var subscribe = expectSubscribe(producer);

    GenStage.cast(consumer, new ManualAsker.AskFor(0));
    IllegalArgumentException zero = assertInstanceOf(IllegalArgumentException.class, report.receiveMessage());
    assertTrue(zero.getMessage().contains("0"), zero.getMessage());
    GenStage.cast(consumer, new ManualAsker.AskFor(-3));
    IllegalArgumentException negative = assertInstanceOf(IllegalArgumentException.class, report.receiveMessage());
    assertTrue(negative.getMessage().contains("-3"), negative.getMessage());
    producer.expectNoMessage(SHORT);

    // The stage is still running and can ask properly.
    GenStage.cast(consumer, new ManualAsker.AskFor(1));
    report.expectMessage(new ManualAsker.Asked(1));
    assertEquals(subscribe.tag(), expectAsk(producer, 1).tag());
  }

  @Test
  void manualSubscriptionToCounterGetsOneBatchAndNoMore() throws Exception {
    var counter = spawnCounter();
    var consumer = kit.spawn(Stages.consumer(() -> new ManualAsker(report.getRef())));
    await(GenStage.subscribe(testKit.system(), consumer, counter, SubscribeOptions.defaults().withDemand(4, 2)));
    report.expectNoMessage(SHORT);

    GenStage.cast(consumer, new ManualAsker.AskFor(10));
    report.expectMessage(new ManualAsker.Asked(10));
    report.expectMessage(new ManualAsker.Batch(range(0, 9)));
    report.expectNoMessage(SHORT);

    GenStage.cast(consumer, new ManualAsker.AskFor(3));
    report.expectMessage(new ManualAsker.Asked(3));
    report.expectMessage(new ManualAsker.Batch(range(10, 12)));
    report.expectNoMessage(SHORT);
  }

  // ------------------------------------------------------------------ synchronous subscribe

  @Test
  void subscribeCompletesOnlyAfterHandleSubscribeRan() throws Exception {
    var counter = spawnCounter();
    TestGate gate = new TestGate();
    List<Subscription> seen = new CopyOnWriteArrayList<>();
    var consumer = kit.spawn(Stages.consumer(() -> new GatedSubscriber(gate, seen)));

    CompletableFuture<Subscription> reply =
        GenStage.subscribe(testKit.system(), consumer, counter, SubscribeOptions.defaults()).toCompletableFuture();
    // handleSubscribe is held at the gate: no answer yet.
    assertThrows(TimeoutException.class, () -> reply.get(SHORT.toMillis(), TimeUnit.MILLISECONDS));
    assertTrue(seen.isEmpty());

    gate.open();
    Subscription sub = reply.get(5, TimeUnit.SECONDS);
    assertEquals(List.of(sub), seen, "handleSubscribe ran, with the subscription the caller got, before the reply");
    assertEquals(counter.actor(), sub.producer());
    assertEquals(consumer.actor(), sub.consumer());
  }
}
