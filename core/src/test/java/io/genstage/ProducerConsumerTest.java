package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.genstage.fixtures.Counter;
import io.genstage.fixtures.DemandReporter;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Producer-consumer mechanics (SEMANTICS.md section 4.7): events flow through in order, batches
 * are processed only against downstream demand, and back-pressure reaches the source.
 */
class ProducerConsumerTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();
  static final Duration QUIET = Duration.ofMillis(300);

  // ------------------------------------------------------------------ fixtures

  /** Makes a {@link Pusher} emit {@code events}. */
  record Push(List<Integer> events) {}

  /** Emits only what it is told to; events beyond demand wait in its buffer. Reports handleDemand. */
  static final class Pusher extends Producer<Integer, Push> {
    final ActorRef<Long> demands;

    Pusher(ActorRef<Long> demands) {
      this.demands = demands;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      demands.tell(demand);
      return List.of();
    }

    @Override
    protected List<Integer> handleCast(Push command) {
      return command.events();
    }
  }

  /** Maps x to x * 2. */
  static final class Doubler extends ProducerConsumer<Integer, Integer, Void> {
    @Override
    protected List<Integer> handleEvents(List<Integer> events, Subscription from) {
      return events.stream().map(x -> x * 2).toList();
    }
  }

  /**
   * Emits what it receives, reporting each batch (as a list) and each cancellation to one probe, so
   * that their relative order shows. Answers every call with "ok".
   */
  static final class PassThrough extends ProducerConsumer<Integer, Integer, String> {
    final ActorRef<Object> report;

    PassThrough(ActorRef<Object> report) {
      this.report = report;
    }

    @Override
    protected List<Integer> handleEvents(List<Integer> events, Subscription from) {
      report.tell(List.copyOf(events));
      return events;
    }

    @Override
    protected List<Integer> handleCancel(Cancellation cancellation, Subscription from) {
      report.tell(cancellation);
      return List.of();
    }

    @Override
    protected List<Integer> handleCall(String request, CallFrom from) {
      context().reply(from, "ok");
      return List.of();
    }
  }

  /** Emits nothing; reports how many events each batch held. */
  static final class Discarder extends ProducerConsumer<Integer, Integer, Void> {
    final ActorRef<Integer> sizes;

    Discarder(ActorRef<Integer> sizes) {
      this.sizes = sizes;
    }

    @Override
    protected List<Integer> handleEvents(List<Integer> events, Subscription from) {
      sizes.tell(events.size());
      return List.of();
    }
  }

  /** Asks a manual {@link Forwarder} to ask its producer for {@code demand} more events. */
  record AskMore(long demand) {}

  /**
   * Forwards each batch to a probe. With {@code manualAsk > 0} its subscriptions are manual and it
   * asks {@code manualAsk} once when subscribing, then only on {@link AskMore}.
   */
  static final class Forwarder extends Consumer<Integer, AskMore> {
    final ActorRef<List<Integer>> to;
    final long manualAsk;
    Subscription subscription;

    Forwarder(ActorRef<List<Integer>> to) {
      this(to, 0);
    }

    Forwarder(ActorRef<List<Integer>> to, long manualAsk) {
      this.to = to;
      this.manualAsk = manualAsk;
    }

    @Override
    protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
      subscription = from;
      if (manualAsk == 0) {
        return AskMode.AUTOMATIC;
      }
      context().ask(from, manualAsk);
      return AskMode.MANUAL;
    }

    @Override
    protected void handleEvents(List<Integer> events, Subscription from) {
      to.tell(List.copyOf(events));
    }

    @Override
    protected void handleCast(AskMore command) {
      context().ask(subscription, command.demand());
    }
  }

  /**
   * Deliberately unlike GenStage: a producer-consumer whose permanent upstream ends normally stops
   * only after the events already in its output buffer have reached its consumers.
   */
  @Test
  void producerConsumerWhoseInputEndsNormallyStopsOnlyAfterItsBufferDrained() {
    TestProbe<Long> demands = testKit.createTestProbe();
    ProducerRef<Integer, Push> pusher = spawn(Stages.producer(() -> new Pusher(demands.getRef())));
    ProducerConsumerRef<Integer, Integer, Void> doubler = spawn(Stages.producerConsumer(Doubler::new));
    subscribe(doubler, pusher, demand(10, 5));
    assertEquals(10L, demands.receiveMessage());
    TestProbe<List<Integer>> out = testKit.createTestProbe();
    ConsumerRef<Integer, AskMore> consumer = spawn(Stages.consumer(() -> new Forwarder(out.getRef(), 2)));
    subscribe(consumer, doubler, demand(10, 5).withCancel(CancelMode.TEMPORARY));

    GenStage.cast(pusher, new Push(List.of(1, 2, 3, 4, 5)));
    assertEquals(List.of(2, 4), out.receiveMessage()); // the rest waits in the doubler's buffer
    GenStage.stop(testKit.system(), pusher, CancelReason.NORMAL);
    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(pusher.actor()); // its cancel reached the doubler's mailbox before
    assertEquals(3, bufferedCount(doubler)); // still running, still holding 6, 8, 10

    consumer.actor().tell(new AskMore(3));
    assertEquals(List.of(6, 8, 10), out.receiveMessage());
    watcher.expectTerminated(doubler.actor());
  }

  @Test
  void aProducerConsumerCannotSubscribeToItself() throws Exception {
    ProducerConsumerRef<Integer, Integer, Void> doubler = spawn(Stages.producerConsumer(Doubler::new));

    var refused = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> GenStage.subscribe(testKit.system(), doubler, doubler).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS));

    var error = assertInstanceOf(IllegalArgumentException.class, refused.getCause());
    assertEquals("stage " + doubler.actor().path() + " cannot subscribe to itself", error.getMessage());
    assertEquals(0, bufferedCount(doubler)); // still running, with nothing subscribed
  }

  static <R extends StageRef<C>, C> R spawn(StageSpec<R, C> spec) {
    return spec.ref(testKit.spawn(spec.behavior()));
  }

  static Subscription subscribe(ConsumerRef<Integer, ?> consumer, ProducerRef<Integer, ?> producer, SubscribeOptions<Object> options) {
    return GenStage.subscribe(testKit.system(), consumer, producer, options).toCompletableFuture().join();
  }

  static SubscribeOptions<Object> demand(int max, int min) {
    return SubscribeOptions.defaults().withDemand(max, min);
  }

  static int bufferedCount(ProducerRef<?, ?> stage) {
    return GenStage.estimateBufferedCount(testKit.system(), stage).toCompletableFuture().join();
  }

  static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  /** Receives batches until {@code count} events have arrived; returns them in arrival order. */
  static List<Integer> receiveEvents(TestProbe<List<Integer>> probe, int count) {
    List<Integer> all = new ArrayList<>();
    while (all.size() < count) {
      all.addAll(probe.receiveMessage());
    }
    return all;
  }

  // ------------------------------------------------------------------ tests

  @Test
  void eventsFlowThroughAMappingStageInOrder() {
    TestProbe<List<Integer>> out = testKit.createTestProbe();
    ProducerRef<Integer, Void> counter = spawn(Stages.producer(() -> new Counter(0)));
    ProducerConsumerRef<Integer, Integer, Void> doubler =
        spawn(Stages.producerConsumer(Doubler::new, SubscribeTo.of(counter, demand(10, 5))));
    ConsumerRef<Integer, AskMore> consumer = spawn(Stages.consumer(() -> new Forwarder(out.getRef())));

    subscribe(consumer, doubler, demand(4, 2));

    List<Integer> got = receiveEvents(out, 40);
    assertEquals(IntStream.range(0, 40).map(x -> x * 2).boxed().toList(), got.subList(0, 40));
    // Stopping the source tears the permanent pipeline down.
    GenStage.stop(testKit.system(), counter, CancelReason.NORMAL);
    out.expectTerminated(doubler.actor());
    out.expectTerminated(consumer.actor());
  }

  @Test
  void demandAndBatchesFollowTheProbeTrace() {
    // P -> PC (max 6 / min 3) -> C (max 4 / min 2); P emits 12 events in all.
    TestProbe<Long> demands = testKit.createTestProbe();
    TestProbe<Object> pcBatches = testKit.createTestProbe();
    TestProbe<List<Integer>> out = testKit.createTestProbe();
    ProducerRef<Integer, Void> p = spawn(Stages.producer(() -> new DemandReporter<Void>(demands.getRef(), 12)));
    ProducerConsumerRef<Integer, Integer, String> pc =
        spawn(Stages.producerConsumer(() -> new PassThrough(pcBatches.getRef())));
    ConsumerRef<Integer, AskMore> c = spawn(Stages.consumer(() -> new Forwarder(out.getRef())));
    subscribe(c, pc, demand(4, 2));

    subscribe(pc, p, demand(6, 3));

    demands.expectMessage(6L);
    // PC cuts P's [0..5] into its own batches of max - min = 3.
    pcBatches.expectMessage(List.of(0, 1, 2));
    pcBatches.expectMessage(List.of(3, 4, 5));
    // C gets [0,1,2] (cut into its batches of 2) and [3]; [4,5] wait in PC's buffer until C asks.
    out.expectMessage(List.of(0, 1));
    out.expectMessage(List.of(2));
    out.expectMessage(List.of(3));
    out.expectMessage(List.of(4, 5));
    assertEquals(range(6, 12), receiveEvents(out, 6));
    // After the first 6, P is asked 3 at a time: one ask per batch PC processed.
    assertEquals(List.of(3L, 3L, 3L, 3L), demands.receiveSeveralMessages(4));
    demands.expectNoMessage(QUIET);
    pcBatches.expectMessage(List.of(6, 7, 8));
    pcBatches.expectMessage(List.of(9, 10, 11));
    out.expectNoMessage(Duration.ofMillis(10));
    assertEquals(0, bufferedCount(pc));
  }

  @Test
  void aProducerConsumerHoldsItsOutputUntilTheConsumerAsksAndReportsItsBuffer() {
    TestProbe<Long> demands = testKit.createTestProbe();
    TestProbe<List<Integer>> out = testKit.createTestProbe();
    ProducerRef<Integer, Void> p = spawn(Stages.producer(() -> new DemandReporter<Void>(demands.getRef(), 12)));
    ProducerConsumerRef<Integer, Integer, String> pc =
        spawn(Stages.producerConsumer(() -> new PassThrough(testKit.createTestProbe().getRef())));
    ConsumerRef<Integer, AskMore> c = spawn(Stages.consumer(() -> new Forwarder(out.getRef(), 4)));
    subscribe(c, pc, demand(4, 2));

    subscribe(pc, p, demand(6, 3));

    // Manual: each message is one batch. PC's second batch [3,4,5] meets a demand of 1.
    out.expectMessage(List.of(0, 1, 2));
    out.expectMessage(List.of(3));
    assertEquals(2, bufferedCount(pc));
    out.expectNoMessage(QUIET);
    assertEquals(2, bufferedCount(pc));

    c.actor().tell(new AskMore(2));
    out.expectMessage(List.of(4, 5));
    assertEquals(0, bufferedCount(pc)); // P's later events wait in PC's incoming queue, not its buffer
    out.expectNoMessage(QUIET);

    c.actor().tell(new AskMore(10));
    assertEquals(range(6, 12), receiveEvents(out, 6));
    assertEquals(List.of(6L, 3L, 3L, 3L, 3L), demands.receiveSeveralMessages(5));
  }

  @Test
  void backPressureReachesTheSource() {
    // P -> PC (max 10 / min 5) -> C (manual, asks 10 once).
    TestProbe<Long> demands = testKit.createTestProbe();
    TestProbe<List<Integer>> out = testKit.createTestProbe();
    ProducerRef<Integer, Void> p =
        spawn(Stages.producer(() -> new DemandReporter<Void>(demands.getRef(), Integer.MAX_VALUE)));
    ProducerConsumerRef<Integer, Integer, String> pc = spawn(Stages.producerConsumer(
        () -> new PassThrough(testKit.createTestProbe().getRef()), SubscribeTo.of(p, demand(10, 5))));

    subscribe(spawn(Stages.consumer(() -> new Forwarder(out.getRef(), 10))), pc, demand(10, 5));

    out.expectMessage(range(0, 5));
    out.expectMessage(range(5, 10));
    // PC processed P's first message (two batches, one ask of 5 each), then nothing more:
    // P emitted PC's maxDemand (10) plus C's demand (10), and is asked no further.
    List<Long> seen = demands.receiveSeveralMessages(3);
    assertEquals(List.of(10L, 5L, 5L), seen);
    demands.expectNoMessage(QUIET);
    out.expectNoMessage(Duration.ofMillis(10));
    assertEquals(20L, seen.stream().mapToLong(Long::longValue).sum());
    assertEquals(0, bufferedCount(pc));
    GenStage.stop(testKit.system(), p, CancelReason.NORMAL);
  }

  @Test
  void aProducerConsumerThatEmitsNothingKeepsConsuming() {
    // P (50 events in all) -> Discarder (max 10 / min 5) -> C (max 1): C's single unit of demand is
    // never used, so the discarder keeps processing and asking.
    TestProbe<Long> demands = testKit.createTestProbe();
    TestProbe<Integer> sizes = testKit.createTestProbe();
    TestProbe<List<Integer>> out = testKit.createTestProbe();
    ProducerRef<Integer, Void> p = spawn(Stages.producer(() -> new DemandReporter<Void>(demands.getRef(), 50)));
    ProducerConsumerRef<Integer, Integer, Void> discarder = spawn(Stages.producerConsumer(
        () -> new Discarder(sizes.getRef()), SubscribeTo.of(p, demand(10, 5))));

    subscribe(spawn(Stages.consumer(() -> new Forwarder(out.getRef()))), discarder, demand(1, 0));

    int handled = 0;
    while (handled < 50) {
      handled += sizes.receiveMessage();
    }
    assertEquals(50, handled);
    List<Long> expected = new ArrayList<>(List.of(10L));
    expected.addAll(Collections.nCopies(10, 5L));
    assertEquals(expected, demands.receiveSeveralMessages(11));
    demands.expectNoMessage(QUIET);
    out.expectNoMessage(Duration.ofMillis(10));
  }

  @Test
  void anUpstreamCancelWaitsBehindQueuedEventsForATemporarySubscription() {
    TestProbe<Long> demands = testKit.createTestProbe();
    TestProbe<Object> pcSees = testKit.createTestProbe();
    TestProbe<List<Integer>> out = testKit.createTestProbe();
    ProducerRef<Integer, Push> p = spawn(Stages.producer(() -> new Pusher(demands.getRef())));
    ProducerConsumerRef<Integer, Integer, String> pc =
        spawn(Stages.producerConsumer(() -> new PassThrough(pcSees.getRef())));
    subscribe(pc, p, demand(4, 2).withCancel(CancelMode.TEMPORARY));
    demands.expectMessage(4L); // PC's ask reached P

    // PC has no consumer, so no downstream demand: [1,2,3] is queued, not processed; then P goes.
    GenStage.cast(p, new Push(List.of(1, 2, 3)));
    GenStage.stop(testKit.system(), p, CancelReason.of("bye"));
    pcSees.expectTerminated(p.actor());
    // P's events and cancel were in PC's mailbox before P terminated, so before this call.
    assertEquals("ok", GenStage.<String, String>call(testKit.system(), pc, "sync").toCompletableFuture().join());
    pcSees.expectNoMessage(Duration.ofMillis(50)); // neither handleEvents nor handleCancel ran yet

    subscribe(spawn(Stages.consumer(() -> new Forwarder(out.getRef()))), pc, demand(10, 5));

    // The gone producer's events come as one batch (not cut at max - min = 2), then the cancel.
    pcSees.expectMessage(List.of(1, 2, 3));
    pcSees.expectMessage(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.of("bye")));
    out.expectMessage(List.of(1, 2, 3));
    assertEquals("ok", GenStage.<String, String>call(testKit.system(), pc, "sync").toCompletableFuture().join());
  }

  @Test
  void anUpstreamCancelDefersThePermanentModeDecisionUntilQueuedEventsAreDelivered() {
    TestProbe<Long> demands = testKit.createTestProbe();
    TestProbe<Object> pcSees = testKit.createTestProbe();
    TestProbe<List<Integer>> out = testKit.createTestProbe();
    ProducerRef<Integer, Push> p = spawn(Stages.producer(() -> new Pusher(demands.getRef())));
    ProducerConsumerRef<Integer, Integer, String> pc =
        spawn(Stages.producerConsumer(() -> new PassThrough(pcSees.getRef())));
    subscribe(pc, p, demand(4, 2).withCancel(CancelMode.PERMANENT));
    demands.expectMessage(4L);

    GenStage.cast(p, new Push(List.of(1, 2, 3)));
    GenStage.stop(testKit.system(), p, CancelReason.of("bye"));
    pcSees.expectTerminated(p.actor());
    // The permanent PC is still running: its cancel waits behind the queued events.
    assertEquals("ok", GenStage.<String, String>call(testKit.system(), pc, "sync").toCompletableFuture().join());

    ConsumerRef<Integer, AskMore> c = spawn(Stages.consumer(() -> new Forwarder(out.getRef())));
    subscribe(c, pc, demand(10, 5));

    pcSees.expectMessage(List.of(1, 2, 3));
    pcSees.expectMessage(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.of("bye")));
    out.expectMessage(List.of(1, 2, 3));
    out.expectTerminated(pc.actor());
    out.expectTerminated(c.actor()); // C (permanent) follows PC, which told it "bye"
  }
}
