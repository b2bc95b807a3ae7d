package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.genstage.dispatch.BroadcastDispatcher;
import io.genstage.dispatch.PartitionDispatcher;
import io.genstage.fixtures.Emit;
import io.genstage.fixtures.RecordingConsumer;
import io.genstage.fixtures.Sequence;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broadcast and partition dispatchers inside real producer stages (SEMANTICS.md §5.3, §5.4,
 * and the dispatchers' Javadoc where it departs from GenStage).
 *
 * <p>Ordering: a consumer's Subscribe and Ask reach the producer before any later message the same
 * consumer sends it. {@link #barrier} uses that: it makes a consumer send the producer a ping, so
 * once the pong is back the consumer's subscription and first ask have been handled.
 */
class DispatchersTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();
  static final Duration SHORT = Duration.ofMillis(150);

  // ------------------------------------------------------------------ producer fixtures

  /** Producer command: answer {@link #PONG} to {@code replyTo}. */
  record Ping(ActorRef<Object> replyTo) {}

  static final String PONG = "pong";

  /**
   * A producer that reports each subscription (from handleSubscribe, before the dispatcher sees it)
   * and each handleDemand(n) to probes, emits what {@link Emit} tells it and answers {@link Ping}.
   */
  abstract static class Reporting<T> extends Producer<T, Object> {
    private final ActorRef<Subscription> subscribed;
    private final ActorRef<Long> demands;

    Reporting(ActorRef<Subscription> subscribed, ActorRef<Long> demands) {
      this.subscribed = subscribed;
      this.demands = demands;
    }

    abstract List<T> produce(long demand);

    @Override
    protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
      subscribed.tell(from);
      return AskMode.AUTOMATIC;
    }

    @Override
    protected List<T> handleDemand(long demand) {
      demands.tell(demand);
      return produce(demand);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected List<T> handleCast(Object command) {
      if (command instanceof Ping p) {
        p.replyTo().tell(PONG);
        return List.of();
      }
      return ((Emit<T>) command).events();
    }
  }

  /** Emits only what it is told to; its handleDemand emits nothing. */
  static final class Emitter<T> extends Reporting<T> {
    Emitter(ActorRef<Subscription> subscribed, ActorRef<Long> demands) {
      super(subscribed, demands);
    }

    @Override
    List<T> produce(long demand) {
      return List.of();
    }
  }

  /** Emits 0, 1, 2, ... exactly as demanded. */
  static final class ReportingCounter extends Reporting<Integer> {
    private final Sequence numbers = new Sequence();

    ReportingCounter(ActorRef<Subscription> subscribed, ActorRef<Long> demands) {
      super(subscribed, demands);
    }

    @Override
    List<Integer> produce(long demand) {
      return numbers.next(demand);
    }
  }

  /** A producer under test and the probes its handler reports to. */
  static final class Prod<T> {
    final ProducerRef<T, Object> ref;
    final TestProbe<Subscription> subscribed;
    final TestProbe<Long> demands;

    Prod(ProducerRef<T, Object> ref, TestProbe<Subscription> subscribed, TestProbe<Long> demands) {
      this.ref = ref;
      this.subscribed = subscribed;
      this.demands = demands;
    }

    void emit(List<T> events) {
      GenStage.cast(ref, new Emit<>(events));
    }
  }

  static <T> Prod<T> spawnEmitter(ProducerOptions<? super T> options) {
    TestProbe<Subscription> subscribed = testKit.createTestProbe();
    TestProbe<Long> demands = testKit.createTestProbe();
    var spec = Stages.producer(() -> new Emitter<T>(subscribed.getRef(), demands.getRef()), options);
    return new Prod<>(spec.ref(testKit.spawn(spec.behavior())), subscribed, demands);
  }

  static Prod<Integer> spawnCounter(ProducerOptions<? super Integer> options) {
    TestProbe<Subscription> subscribed = testKit.createTestProbe();
    TestProbe<Long> demands = testKit.createTestProbe();
    var spec = Stages.producer(() -> new ReportingCounter(subscribed.getRef(), demands.getRef()), options);
    return new Prod<>(spec.ref(testKit.spawn(spec.behavior())), subscribed, demands);
  }

  static ProducerOptions<Object> broadcast() {
    return ProducerOptions.defaults().withDispatcher(BroadcastDispatcher.factory());
  }

  // ------------------------------------------------------------------ consumer fixture

  /** Consumer commands. */
  sealed interface Command permits AskFor, PingProducer {}

  /** Ask the producer of the latest subscription for {@code demand} more (manual mode). */
  record AskFor(long demand) implements Command {}

  /** Send the producer of the latest subscription a {@link Ping}. */
  record PingProducer(ActorRef<Object> replyTo) implements Command {}

  /** What a recorder reports. */
  record Subscribed(Subscription subscription) {}

  record Got(Subscription from, List<Object> events) {}

  record Cancelled(Subscription from, Cancellation cancellation) {}

  /** Reports every subscription, batch and cancel to a probe; asks manually when told to. */
  static final class Recorder<T> extends RecordingConsumer<T, Command, Object> {
    Recorder(ActorRef<Object> report, boolean manual) {
      super(report, manual, (from, events) -> new Got(from, List.copyOf(events)), Cancelled::new);
    }

    @Override
    protected void subscribed(Subscription from) {
      report().tell(new Subscribed(from));
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void handleCast(Command command) {
      if (command instanceof AskFor a) {
        askLatest(a.demand());
      } else if (command instanceof PingProducer p) {
        ((ActorRef<Object>) latest().producer()).tell(new Ping(p.replyTo()));
      }
    }
  }

  /** A consumer stage under test and the probe its recorder reports to. */
  static final class Cons<T> {
    final ConsumerRef<T, Command> ref;
    final TestProbe<Object> probe;

    Cons(ConsumerRef<T, Command> ref, TestProbe<Object> probe) {
      this.ref = ref;
      this.probe = probe;
    }

    void ask(long demand) {
      ref.actor().tell(new AskFor(demand));
    }

    Subscription expectSubscribed() {
      return assertInstanceOf(Subscribed.class, probe.receiveMessage()).subscription();
    }

    Got expectGot() {
      return assertInstanceOf(Got.class, probe.receiveMessage());
    }

    void expectEvents(List<?> expected) {
      assertEquals(expected, expectGot().events());
    }

    Cancelled expectCancelled() {
      return assertInstanceOf(Cancelled.class, probe.receiveMessage());
    }

    /** Receives batches until {@code count} events arrived; returns them in order. */
    List<Object> collect(int count) {
      List<Object> all = new ArrayList<>();
      while (all.size() < count) {
        all.addAll(expectGot().events());
      }
      return all.subList(0, count);
    }

    void expectNothing() {
      probe.expectNoMessage(SHORT);
    }
  }

  static <T> Cons<T> spawnRecorder(boolean manual, ProducerRef<T, ?> producer, SubscribeOptions<? super T> options) {
    TestProbe<Object> probe = testKit.createTestProbe();
    var spec = Stages.consumer(() -> new Recorder<T>(probe.getRef(), manual), SubscribeTo.of(producer, options));
    return new Cons<>(spec.ref(testKit.spawn(spec.behavior())), probe);
  }

  static <T> Cons<T> spawnUnsubscribedRecorder() {
    TestProbe<Object> probe = testKit.createTestProbe();
    var spec = Stages.consumer(() -> new Recorder<T>(probe.getRef(), false));
    return new Cons<>(spec.ref(testKit.spawn(spec.behavior())), probe);
  }

  /** Returns once the producer has handled every message {@code consumer} sent it so far. */
  static void barrier(Cons<?> consumer) {
    TestProbe<Object> pong = testKit.createTestProbe();
    consumer.ref.actor().tell(new PingProducer(pong.getRef()));
    pong.expectMessage(PONG);
  }

  static List<Integer> evens(int count) {
    return IntStream.range(0, count).map(i -> 2 * i).boxed().toList();
  }

  static List<Integer> odds(int count) {
    return IntStream.range(0, count).map(i -> 2 * i + 1).boxed().toList();
  }

  static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  static void stop(StageRef<?>... stages) {
    for (StageRef<?> s : stages) {
      testKit.stop(s.actor());
    }
  }

  /** Asserts a Failure reason whose cause has type {@code type} and a message with every fragment. */
  static <X extends Throwable> X assertFailure(Class<X> type, CancelReason reason, String... fragments) {
    CancelReason.Failure failure = assertInstanceOf(CancelReason.Failure.class, reason);
    X cause = assertInstanceOf(type, failure.cause());
    for (String fragment : fragments) {
      assertTrue(cause.getMessage().contains(fragment),
          "expected [" + fragment + "] in the message: " + cause.getMessage());
    }
    return cause;
  }

  // ================================================================== broadcast

  @Test
  void broadcastSelectorsFilterAtTheProducerAndTheProducerReasksForFilteredEvents() {
    Prod<String> producer = spawnEmitter(broadcast());
    SubscribeOptions<Object> base = SubscribeOptions.defaults().withDemand(4, 0);
    Cons<String> pre = spawnRecorder(true, producer.ref, base.<String>withSelector(s -> s.startsWith("pre")));
    Cons<String> pref = spawnRecorder(true, producer.ref, base.<String>withSelector(s -> s.startsWith("pref")));
    producer.subscribed.receiveMessage();
    producer.subscribed.receiveMessage();
    pre.expectSubscribed();
    pref.expectSubscribed();

    pre.ask(4);
    pref.ask(4);
    assertEquals(4L, producer.demands.receiveMessage(), "the demand both consumers share");

    producer.emit(List.of("pref-1234", "pref-5678", "pre0000", "foo0000"));
    pre.expectEvents(List.of("pref-1234", "pref-5678", "pre0000"));
    pref.expectEvents(List.of("pref-1234", "pref-5678"));
    // The filtered events are asked again on the consumers' behalf (1 for pre, 2 for pref):
    // the demand they now share is 1.
    assertEquals(1L, producer.demands.receiveMessage());
    producer.demands.expectNoMessage(SHORT);

    // The consumers have asked 4 each and 4 events went out, yet a fifth one flows.
    producer.emit(List.of("pref-9"));
    pre.expectEvents(List.of("pref-9"));
    pref.expectEvents(List.of("pref-9"));

    // A batch every selector empties reaches no one: no empty batch is sent.
    producer.emit(List.of("foo1"));
    pre.ask(1);
    assertEquals(1L, producer.demands.receiveMessage(), "foo1 went out and was credited back to both");
    pre.expectNothing();
    pref.expectNothing();
  }

  @Test
  void aThrowingBroadcastSelectorCancelsOnlyItsConsumerWithTheException() {
    Prod<String> producer = spawnEmitter(broadcast());
    IllegalStateException boom = new IllegalStateException("selector broke on bad");
    SubscribeOptions<Object> temporary = SubscribeOptions.defaults().withDemand(10, 0).withCancel(CancelMode.TEMPORARY);
    Cons<String> broken = spawnRecorder(false, producer.ref, temporary.<String>withSelector(s -> {
      if (s.equals("bad")) {
        throw boom;
      }
      return true;
    }));
    Cons<String> plain = spawnRecorder(false, producer.ref, temporary);
    producer.subscribed.receiveMessage();
    producer.subscribed.receiveMessage();
    broken.expectSubscribed();
    plain.expectSubscribed();
    barrier(broken);
    barrier(plain);

    producer.emit(List.of("a", "bad", "b"));

    plain.expectEvents(List.of("a", "bad", "b"));
    Cancelled cancelled = broken.expectCancelled();
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.failure(boom)), cancelled.cancellation());
    broken.expectNothing();
    // The producer runs on for its other consumer.
    producer.emit(List.of("c"));
    plain.expectEvents(List.of("c"));
  }

  @Test
  void broadcastRunsAtThePaceOfTheSlowestConsumer() {
    Prod<Integer> producer = spawnCounter(broadcast());
    Cons<Integer> slow = spawnRecorder(true, producer.ref, SubscribeOptions.defaults().withDemand(10, 5));
    producer.subscribed.receiveMessage();
    Cons<Integer> fast = spawnRecorder(false, producer.ref, SubscribeOptions.defaults().withDemand(10, 5));
    producer.subscribed.receiveMessage();
    slow.expectSubscribed();
    fast.expectSubscribed();
    barrier(fast); // the fast one has asked 10

    slow.ask(2);
    assertEquals(2L, producer.demands.receiveMessage());
    slow.expectEvents(List.of(0, 1));
    fast.expectEvents(List.of(0, 1));
    producer.demands.expectNoMessage(SHORT);
    fast.expectNothing();

    slow.ask(3);
    assertEquals(3L, producer.demands.receiveMessage());
    slow.expectEvents(List.of(2, 3, 4));
    fast.expectEvents(List.of(2, 3, 4));
    producer.demands.expectNoMessage(SHORT);
    stop(producer.ref, slow.ref, fast.ref);
  }

  @Test
  void broadcastSendsEveryEventToEveryConsumerInOrder() {
    Prod<Integer> producer = spawnEmitter(broadcast());
    List<Cons<Integer>> consumers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Cons<Integer> c = spawnRecorder(false, producer.ref, SubscribeOptions.defaults().withDemand(3, 1));
      c.expectSubscribed();
      barrier(c);
      consumers.add(c);
    }
    producer.emit(range(0, 7));
    producer.emit(range(7, 8));
    producer.emit(range(8, 20));
    for (Cons<Integer> c : consumers) {
      assertEquals(range(0, 20), c.collect(20));
      c.expectNothing();
    }
  }

  @Test
  void broadcastRefusesASecondSubscriptionOfTheSameConsumer() throws Exception {
    Prod<Integer> producer = spawnEmitter(broadcast());
    Cons<Integer> consumer = spawnUnsubscribedRecorder();
    SubscribeOptions<Object> permanent = SubscribeOptions.defaults().withCancel(CancelMode.PERMANENT);

    Subscription first = await(GenStage.subscribe(testKit.system(), consumer.ref, producer.ref, permanent));
    assertEquals(first, consumer.expectSubscribed());
    Subscription second = LoggingTestKit.error("is already subscribed to producer").expect(testKit.system(), () -> {
      try {
        Subscription s = await(GenStage.subscribe(testKit.system(), consumer.ref, producer.ref, permanent));
        assertEquals(s, consumer.expectSubscribed());
        Cancelled cancelled = consumer.expectCancelled();
        assertEquals(s, cancelled.from());
        assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.ALREADY_SUBSCRIBED),
            cancelled.cancellation());
        return s;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertNotEquals(first.tag(), second.tag());

    // The consumer is still running and the first subscription still delivers.
    producer.emit(List.of(1, 2, 3));
    Got got = consumer.expectGot();
    assertEquals(first, got.from());
    assertEquals(List.of(1, 2, 3), got.events());
    consumer.expectNothing();
  }

  @Test
  void broadcastConsumerThatSubscribesLateSeesOnlyLaterEvents() {
    Prod<Integer> producer = spawnEmitter(broadcast());
    Cons<Integer> early = spawnRecorder(false, producer.ref, SubscribeOptions.defaults().withMaxDemand(10));
    early.expectSubscribed();
    barrier(early);
    producer.emit(List.of(1, 2));
    early.expectEvents(List.of(1, 2));

    Cons<Integer> late = spawnRecorder(false, producer.ref, SubscribeOptions.defaults().withMaxDemand(10));
    late.expectSubscribed();
    barrier(late);
    producer.emit(List.of(3));
    early.expectEvents(List.of(3));
    late.expectEvents(List.of(3));
    late.expectNothing();
  }

  @Test
  void broadcastInAccumulateModeGivesLateSubscribersTheFirstEvents() {
    Prod<Integer> producer = spawnCounter(broadcast().withDemand(DemandMode.ACCUMULATE));
    SubscribeOptions<Object> options = SubscribeOptions.defaults().withDemand(5, 2);
    Cons<Integer> first = spawnRecorder(false, producer.ref, options);
    first.expectSubscribed();
    barrier(first);
    producer.demands.expectNoMessage(SHORT); // accumulating: no handleDemand yet
    Cons<Integer> second = spawnRecorder(false, producer.ref, options);
    second.expectSubscribed();
    barrier(second);

    GenStage.setDemandMode(producer.ref, DemandMode.FORWARD);
    assertEquals(range(0, 12), first.collect(12));
    assertEquals(range(0, 12), second.collect(12));
    stop(producer.ref, first.ref, second.ref);
  }

  /**
   * A producer that was asked, then gained a consumer before it emitted: its events wait in the
   * buffer until every consumer has demand, then they must go out (§5.3: an event leaves when all
   * consumers have demand; §4.3: demand is served from the buffer first).
   */
  @Test
  void broadcastDeliversEventsBufferedWhileANewConsumerHadNoDemandYet() {
    Prod<String> producer = spawnEmitter(broadcast());
    Cons<String> early = spawnRecorder(false, producer.ref, SubscribeOptions.defaults().withDemand(4, 0));
    early.expectSubscribed();
    assertEquals(4L, producer.demands.receiveMessage()); // the producer owes 4 events
    Cons<String> late = spawnRecorder(true, producer.ref, SubscribeOptions.defaults().withDemand(4, 0));
    late.expectSubscribed();
    barrier(late);

    producer.emit(List.of("a", "b", "c", "d")); // the late consumer has asked nothing: buffered
    early.expectNothing();
    late.ask(4);
    late.expectEvents(List.of("a", "b", "c", "d"));
    early.expectEvents(List.of("a", "b", "c", "d"));
  }

  /** The same in the documented recipe: accumulate, subscribe everyone, forward; one asks later. */
  @Test
  void broadcastAccumulateRecipeDeliversOnceALateAskingConsumerAsks() {
    Prod<Integer> producer = spawnCounter(broadcast().withDemand(DemandMode.ACCUMULATE));
    Cons<Integer> automatic = spawnRecorder(false, producer.ref, SubscribeOptions.defaults().withDemand(4, 0));
    automatic.expectSubscribed();
    barrier(automatic);
    Cons<Integer> manual = spawnRecorder(true, producer.ref, SubscribeOptions.defaults().withDemand(4, 0));
    manual.expectSubscribed();
    barrier(manual);

    GenStage.setDemandMode(producer.ref, DemandMode.FORWARD);
    assertEquals(4L, producer.demands.receiveMessage()); // replayed; the events wait for the manual one
    automatic.expectNothing();
    manual.ask(4);
    manual.expectEvents(List.of(0, 1, 2, 3));
    automatic.expectEvents(List.of(0, 1, 2, 3));
    stop(producer.ref, automatic.ref, manual.ref);
  }

  // ================================================================== partition

  @Test
  void partitionRoutesByHashAndKeepsEachPartitionInOrder() {
    Prod<Integer> producer = spawnCounter(
        ProducerOptions.defaults().withDispatcher(PartitionDispatcher.factory(2, e -> e % 2)));
    Cons<Integer> zero = spawnRecorder(false, producer.ref, SubscribeOptions.defaults().withMaxDemand(10).withPartition(0));
    Cons<Integer> one = spawnRecorder(false, producer.ref, SubscribeOptions.defaults().withMaxDemand(10).withPartition(1));
    zero.expectSubscribed();
    one.expectSubscribed();
    assertEquals(evens(30), zero.collect(30));
    assertEquals(odds(30), one.collect(30));
    stop(producer.ref, zero.ref, one.ref);
  }

  @Test
  void partitionNamedPartitionsWithAHashThatDropsEvents() {
    Prod<String> producer = spawnEmitter(ProducerOptions.defaults().withDispatcher(
        PartitionDispatcher.factory(List.of("a", "b"),
            s -> s.startsWith("x") ? PartitionDispatcher.DROP : s.substring(0, 1))));
    SubscribeOptions<Object> options = SubscribeOptions.defaults().withDemand(2, 0);
    Cons<String> a = spawnRecorder(false, producer.ref, options.withPartition("a"));
    Cons<String> b = spawnRecorder(false, producer.ref, options.withPartition("b"));
    a.expectSubscribed();
    b.expectSubscribed();
    assertEquals(2L, producer.demands.receiveMessage());
    assertEquals(2L, producer.demands.receiveMessage());

    // Demand for 4 events; the 3 dropped ones use none of it, so the producer is asked for 3 more
    // in their place, then each consumer refills its 2.
    producer.emit(List.of("x:1", "a:1", "x:2", "b:1", "a:2", "x:3", "b:2"));
    a.expectEvents(List.of("a:1", "a:2"));
    b.expectEvents(List.of("b:1", "b:2"));
    // The replacement ask and the consumers' asks race: compare them in any order.
    List<Long> demands = new ArrayList<>(producer.demands.receiveSeveralMessages(3));
    demands.sort(null);
    assertEquals(List.of(2L, 2L, 3L), demands);

    producer.emit(List.of("x:4", "b:3", "a:3"));
    a.expectEvents(List.of("a:3"));
    b.expectEvents(List.of("b:3"));
    a.expectNothing();
    b.expectNothing();
  }

  /** Buffered events the hash drops do not stand in for the ones the consumer asked for. */
  @Test
  void partitionDroppedBufferedEventsAreReplacedFromTheBuffer() {
    Prod<String> producer = spawnEmitter(ProducerOptions.defaults().withDispatcher(
        PartitionDispatcher.factory(List.of("a"),
            s -> s.startsWith("x") ? PartitionDispatcher.DROP : "a")));
    producer.emit(List.of("x:1", "x:2", "a:1", "a:2")); // no consumer yet: all buffered
    Cons<String> a = spawnRecorder(true, producer.ref, SubscribeOptions.defaults().withPartition("a"));
    a.expectSubscribed();
    barrier(a);
    a.ask(2);
    a.expectEvents(List.of("a:1", "a:2"));
    a.expectNothing();
  }

  @Test
  void partitionCancellingAPartitionReleasesItsBacklogsDemand() {
    Prod<Integer> producer = spawnCounter(
        ProducerOptions.defaults().withDispatcher(PartitionDispatcher.factory(2, e -> e % 2)));
    SubscribeOptions<Object> options = SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY);
    Cons<Integer> zero = spawnRecorder(true, producer.ref, options.withPartition(0));
    Cons<Integer> one = spawnRecorder(true, producer.ref, options.withPartition(1));
    producer.subscribed.receiveMessage();
    producer.subscribed.receiveMessage();
    Subscription zeroSub = zero.expectSubscribed();
    one.expectSubscribed();

    one.ask(10);
    assertEquals(10L, producer.demands.receiveMessage());
    one.expectEvents(List.of(1, 3, 5, 7, 9)); // 0, 2, 4, 6, 8 wait for partition 0
    zero.ask(2);
    zero.expectEvents(List.of(0, 2));
    assertEquals(2L, producer.demands.receiveMessage());
    one.expectEvents(List.of(11)); // 10 joins partition 0's backlog: 4, 6, 8, 10

    LoggingTestKit.warn("discarded [4] events waiting for partition [0]").expect(testKit.system(), () -> {
      GenStage.cancel(zeroSub, CancelReason.of("enough"));
      return null;
    });
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.of("enough")),
        zero.expectCancelled().cancellation());
    assertEquals(4L, producer.demands.receiveMessage(), "the discarded events' demand is released");
    one.expectEvents(List.of(13, 15));
    zero.expectNothing();
    producer.demands.expectNoMessage(SHORT);
  }

  static Prod<Integer> spawnTwoPartitionEmitter() {
    return spawnEmitter(
        ProducerOptions.defaults().withDispatcher(PartitionDispatcher.factory(2, e -> e % 2)));
  }

  /** A consumer that holds partition 0 and has asked: the producer's other, healthy client. */
  static Cons<Integer> healthyPartitionZero(Prod<Integer> producer) {
    Cons<Integer> good = spawnRecorder(false, producer.ref, SubscribeOptions.defaults().withMaxDemand(10).withPartition(0));
    good.expectSubscribed();
    producer.subscribed.receiveMessage();
    barrier(good);
    return good;
  }

  @Test
  void partitionRefusesASubscriptionWithoutPartitionAndAPermanentConsumerStops() {
    Prod<Integer> producer = spawnTwoPartitionEmitter();
    Cons<Integer> good = healthyPartitionZero(producer);

    Cons<Integer> bad = spawnRecorder(false, producer.ref, SubscribeOptions.defaults());
    Subscription badSub = bad.expectSubscribed();
    Cancelled cancelled = bad.expectCancelled();
    assertEquals(badSub, cancelled.from());
    assertSame(Cancellation.Kind.CANCEL, cancelled.cancellation().kind());
    assertFailure(IllegalArgumentException.class, cancelled.cancellation().reason(),
        "partition option is required", "[0, 1]");
    bad.probe.expectTerminated(bad.ref.actor());

    producer.emit(List.of(0, 1, 2, 3));
    good.expectEvents(List.of(0, 2));
  }

  /**
   * A consumer subscribing with {@code options}: its subscription is accepted, then cancelled with
   * the partition dispatcher's refusal, whose message is {@code message}.
   */
  static Cons<Integer> refusedByThePartitions(Prod<Integer> producer, SubscribeOptions<Object> options, String message) {
    Cons<Integer> refused = spawnRecorder(false, producer.ref, options);
    refused.expectSubscribed();
    assertFailure(IllegalArgumentException.class, refused.expectCancelled().cancellation().reason(), message);
    return refused;
  }

  @Test
  void partitionRefusesAnUnknownPartitionAndATemporaryConsumerLives() throws Exception {
    Prod<Integer> producer = spawnTwoPartitionEmitter();
    Cons<Integer> good = healthyPartitionZero(producer);

    Cons<Integer> bad = refusedByThePartitions(producer, SubscribeOptions.defaults().withPartition(7).withCancel(CancelMode.TEMPORARY),
        "partition must be one of [0, 1], got: 7");

    producer.emit(List.of(0, 1, 2, 3));
    good.expectEvents(List.of(0, 2));
    // Alive: it can take partition 1 and gets the events that waited for it.
    await(GenStage.subscribe(testKit.system(), bad.ref, producer.ref, SubscribeOptions.defaults().withPartition(1)));
    bad.expectSubscribed();
    bad.expectEvents(List.of(1, 3));
  }

  @Test
  void partitionRefusesATakenPartition() {
    Prod<Integer> producer = spawnTwoPartitionEmitter();
    Cons<Integer> good = healthyPartitionZero(producer);

    Cons<Integer> temporary = refusedByThePartitions(producer, SubscribeOptions.defaults().withPartition(0).withCancel(CancelMode.TEMPORARY),
        "partition 0 is already taken");

    Cons<Integer> permanent = refusedByThePartitions(producer, SubscribeOptions.defaults().withPartition(0),
        "partition 0 is already taken");
    permanent.probe.expectTerminated(permanent.ref.actor());

    producer.emit(List.of(0, 1, 2, 3));
    good.expectEvents(List.of(0, 2));
    temporary.expectNothing();
  }

  @Test
  void partitionHashReturningAnUnknownPartitionFailsTheProducer() {
    Prod<String> producer = spawnEmitter(ProducerOptions.defaults().withDispatcher(
        PartitionDispatcher.factory(2, s -> s.equals("boom") ? 9 : s.length() % 2)));
    Cons<String> permanent = spawnRecorder(false, producer.ref, SubscribeOptions.defaults().withPartition(0));
    Cons<String> temporary = spawnRecorder(false, producer.ref,
        SubscribeOptions.defaults().withPartition(1).withCancel(CancelMode.TEMPORARY));
    permanent.expectSubscribed();
    temporary.expectSubscribed();
    producer.demands.receiveMessage();
    producer.demands.receiveMessage();

    producer.emit(List.of("ok", "boom"));
    for (Cons<String> c : List.of(permanent, temporary)) {
      Cancelled cancelled = c.expectCancelled();
      assertSame(Cancellation.Kind.CANCEL, cancelled.cancellation().kind());
      assertFailure(IllegalStateException.class, cancelled.cancellation().reason(),
          "partition 9", "event boom");
    }
    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(producer.ref.actor());
    permanent.probe.expectTerminated(permanent.ref.actor());
    temporary.expectNothing();
  }
}
