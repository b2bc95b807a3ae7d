package io.genstage;

import static io.genstage.fixtures.WatchingParent.parentOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.fixtures.WatchingParent.ChildDied;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.SubscriptionTag;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cancellation, failure and restart at the actor level (SEMANTICS.md section 6, ARCHITECTURE.md
 * section 3): what a consumer's handleCancel sees and whether its cancel mode stops it.
 */
class CancelTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();
  static final Duration QUIET = Duration.ofMillis(200);

  // ------------------------------------------------------------------ fixtures

  /** Makes the stage that receives it throw {@code error} from handleCast. */
  record Fail(RuntimeException error) {}

  /** Makes a {@link Pusher} emit {@code events}. */
  record Push(List<Integer> events) {}

  /** Answered with "pong" by an {@link Observer} or a {@link Pusher}: proves the stage is alive. */
  record Ping(ActorRef<String> replyTo) {}

  /**
   * A producer that emits only what it is told to ({@link Push}); events beyond demand wait in its
   * buffer. Optionally reports its cancellations, fails on demand, or answers handleSubscribe with
   * a given mode.
   */
  static final class Pusher extends Producer<Integer, Object> {
    ActorRef<Cancellation> cancels;
    RuntimeException failOnDemand;
    AskMode subscribeMode = AskMode.AUTOMATIC;

    Pusher reportCancels(ActorRef<Cancellation> to) {
      this.cancels = to;
      return this;
    }

    Pusher failOnDemand(RuntimeException error) {
      this.failOnDemand = error;
      return this;
    }

    Pusher answerSubscribe(AskMode mode) {
      this.subscribeMode = mode;
      return this;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      if (failOnDemand != null) {
        throw failOnDemand;
      }
      return List.of();
    }

    @Override
    protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
      return subscribeMode;
    }

    @Override
    protected List<Integer> handleCancel(Cancellation cancellation, Subscription from) {
      if (cancels != null) {
        cancels.tell(cancellation);
      }
      return List.of();
    }

    @Override
    protected List<Integer> handleCast(Object command) {
      if (command instanceof Fail f) {
        throw f.error();
      }
      if (command instanceof Ping p) {
        p.replyTo().tell("pong");
        return List.of();
      }
      return ((Push) command).events();
    }
  }

  /**
   * A consumer that reports its subscriptions, batches and cancellations, answers {@link Ping},
   * fails on {@link Fail}, and optionally stops itself from handleCancel.
   */
  static final class Observer extends Consumer<Integer, Object> {
    final ActorRef<Cancellation> cancels;
    ActorRef<List<Integer>> events;
    ActorRef<Subscription> subscriptions;
    CancelReason stopInCancel;

    Observer(ActorRef<Cancellation> cancels) {
      this.cancels = cancels;
    }

    Observer reportEvents(ActorRef<List<Integer>> to) {
      this.events = to;
      return this;
    }

    Observer reportSubscriptions(ActorRef<Subscription> to) {
      this.subscriptions = to;
      return this;
    }

    Observer stopInCancel(CancelReason reason) {
      this.stopInCancel = reason;
      return this;
    }

    @Override
    protected void handleEvents(List<Integer> batch, Subscription from) {
      if (events != null) {
        events.tell(List.copyOf(batch));
      }
    }

    @Override
    protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
      if (subscriptions != null) {
        subscriptions.tell(from);
      }
      return AskMode.AUTOMATIC;
    }

    @Override
    protected void handleCancel(Cancellation cancellation, Subscription from) {
      cancels.tell(cancellation);
      if (stopInCancel != null) {
        context().stop(stopInCancel);
      }
    }

    @Override
    protected void handleCast(Object command) {
      if (command instanceof Ping p) {
        p.replyTo().tell("pong");
      } else if (command instanceof Fail f) {
        throw f.error();
      }
    }
  }

  /** An ordinary actor (not a stage) standing in for a producer: forwards what it gets, stops on "stop". */
  static Behavior<Object> plainActor(ActorRef<Object> forwardTo) {
    return Behaviors.receive(Object.class)
        .onMessageEquals("stop", Behaviors::stopped)
        .onAnyMessage(m -> {
          forwardTo.tell(m);
          return Behaviors.same();
        })
        .build();
  }

  static <R extends StageRef<C>, C> R spawn(StageSpec<R, C> spec) {
    return spec.ref(testKit.spawn(spec.behavior()));
  }

  /** Spawns {@code spec} under a {@link io.genstage.fixtures.WatchingParent}; the child's ref is the first message on {@code report}. */
  @SuppressWarnings("unchecked")
  static <R extends StageRef<C>, C> R spawnWatched(StageSpec<R, C> spec, TestProbe<Object> report) {
    testKit.spawn(parentOf(spec.behavior(), report.getRef()));
    return spec.ref((ActorRef<C>) report.receiveMessage());
  }

  static Subscription subscribe(ConsumerRef<Integer, ?> consumer, ProducerRef<Integer, ?> producer, CancelMode mode) {
    return GenStage.subscribe(testKit.system(), consumer, producer, SubscribeOptions.defaults().withMaxDemand(10).withCancel(mode))
        .toCompletableFuture().join();
  }

  static void assertAlive(StageRef<Object> consumer) {
    TestProbe<String> pong = testKit.createTestProbe();
    consumer.actor().tell(new Ping(pong.getRef()));
    pong.expectMessage("pong");
  }

  /** The watched stage failed: the cause its parent saw. */
  static StageExitException expectFailure(TestProbe<Object> report) {
    return assertInstanceOf(StageExitException.class, expectDied(report).cause());
  }

  /** The watched stage stopped without failing. */
  static void expectStoppedNormally(TestProbe<Object> report) {
    assertNull(expectDied(report).cause());
  }

  static ChildDied expectDied(TestProbe<Object> report) {
    return assertInstanceOf(ChildDied.class, report.receiveMessage());
  }

  @SuppressWarnings("unchecked")
  static ActorRef<Object> raw(StageRef<?> stage) {
    return (ActorRef<Object>) (ActorRef<?>) stage.actor();
  }

  // ------------------------------------------------------------------ cancel modes against a producer that ends

  /** How the producer ends. */
  enum Ending { NORMAL, SHUTDOWN, FAILS_IN_CAST, FAILS_IN_DEMAND }

  static Stream<Arguments> modesAndEndings() {
    List<Arguments> out = new ArrayList<>();
    for (CancelMode mode : CancelMode.values()) {
      for (Ending ending : Ending.values()) {
        boolean failure = ending == Ending.FAILS_IN_CAST || ending == Ending.FAILS_IN_DEMAND;
        boolean stops = switch (mode) {
          case PERMANENT, LAST -> true; // a consumer's only LAST subscription is its last
          case TRANSIENT -> failure;
          case TEMPORARY -> false;
        };
        out.add(Arguments.of(mode, ending, stops));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} consumer, producer {1}: consumer stops = {2}")
  @MethodSource("modesAndEndings")
  void cancelModeDecidesWhetherTheConsumerStops(CancelMode mode, Ending ending, boolean stops) {
    RuntimeException boom = new IllegalStateException("boom");
    Pusher handler = new Pusher();
    if (ending == Ending.FAILS_IN_DEMAND) {
      handler.failOnDemand(boom);
    }
    ProducerRef<Integer, Object> producer = spawn(Stages.producer(() -> handler));
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    ConsumerRef<Integer, Object> consumer = spawn(Stages.consumer(() -> new Observer(cancels.getRef())));
    TestProbe<Object> watcher = testKit.createTestProbe();

    subscribe(consumer, producer, mode); // FAILS_IN_DEMAND: the consumer's first ask makes it fail
    CancelReason expected = switch (ending) {
      case NORMAL -> {
        GenStage.stop(testKit.system(), producer, CancelReason.NORMAL);
        yield CancelReason.NORMAL;
      }
      case SHUTDOWN -> {
        GenStage.stop(testKit.system(), producer, CancelReason.SHUTDOWN);
        yield CancelReason.SHUTDOWN;
      }
      case FAILS_IN_CAST -> {
        GenStage.cast(producer, new Fail(boom));
        yield CancelReason.failure(boom);
      }
      case FAILS_IN_DEMAND -> CancelReason.failure(boom);
    };

    cancels.expectMessage(new Cancellation(Cancellation.Kind.CANCEL, expected));
    watcher.expectTerminated(producer.actor());
    if (stops) {
      watcher.expectTerminated(consumer.actor());
    } else {
      assertAlive(consumer);
    }
  }

  static Stream<Arguments> reasonsSeenByTheParent() {
    RuntimeException boom = new IllegalStateException("boom");
    return Stream.of(
        Arguments.of(CancelReason.NORMAL, false),
        Arguments.of(CancelReason.SHUTDOWN, false),
        Arguments.of(CancelReason.of("bye"), true),
        Arguments.of(CancelReason.failure(boom), true));
  }

  @ParameterizedTest(name = "producer stops with {0}: consumer fails = {1}")
  @MethodSource("reasonsSeenByTheParent")
  void aConsumerStoppingWithAnAbnormalReasonFailsInItsParentsEyes(CancelReason reason, boolean fails) {
    ProducerRef<Integer, Object> producer = spawn(Stages.producer(Pusher::new));
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    TestProbe<Object> report = testKit.createTestProbe();
    ConsumerRef<Integer, Object> consumer =
        spawnWatched(Stages.consumer(() -> new Observer(cancels.getRef())), report);
    subscribe(consumer, producer, CancelMode.PERMANENT);

    GenStage.stop(testKit.system(), producer, reason);

    cancels.expectMessage(new Cancellation(Cancellation.Kind.CANCEL, reason));
    if (fails) {
      StageExitException e = expectFailure(report);
      assertEquals(reason, e.reason());
      if (reason instanceof CancelReason.Failure f) {
        assertSame(f.cause(), e.getCause());
      }
    } else {
      expectStoppedNormally(report);
    }
  }

  // ------------------------------------------------------------------ GenStage.cancel

  @Test
  void cancelWithATemporarySubscriptionLeavesTheConsumerRunning() {
    TestProbe<Cancellation> producerCancels = testKit.createTestProbe();
    ProducerRef<Integer, Object> producer =
        spawn(Stages.producer(() -> new Pusher().reportCancels(producerCancels.getRef())));
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    ConsumerRef<Integer, Object> consumer = spawn(Stages.consumer(() -> new Observer(cancels.getRef())));
    Subscription sub = subscribe(consumer, producer, CancelMode.TEMPORARY);

    GenStage.cancel(sub, CancelReason.of("oops"));

    Cancellation expected = new Cancellation(Cancellation.Kind.CANCEL, new CancelReason.Custom("oops"));
    producerCancels.expectMessage(expected);
    cancels.expectMessage(expected);
    assertAlive(consumer);
    assertAlive(consumer); // still alive after any late message on the cancelled subscription
  }

  @Test
  void cancelWithAPermanentSubscriptionStopsTheConsumerWithTheReason() {
    ProducerRef<Integer, Object> producer = spawn(Stages.producer(Pusher::new));
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    TestProbe<Object> report = testKit.createTestProbe();
    ConsumerRef<Integer, Object> consumer =
        spawnWatched(Stages.consumer(() -> new Observer(cancels.getRef())), report);
    Subscription sub = subscribe(consumer, producer, CancelMode.PERMANENT);

    GenStage.cancel(sub, CancelReason.of("oops"));

    cancels.expectMessage(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.of("oops")));
    assertEquals(CancelReason.of("oops"), expectFailure(report).reason());
    assertAlive(producer); // the producer never stops because a consumer left
  }

  // ------------------------------------------------------------------ peers going away

  @Test
  void aConsumerStoppedFromOutsideCancelsWithShutdown() {
    TestProbe<Cancellation> producerCancels = testKit.createTestProbe();
    ProducerRef<Integer, Object> producer =
        spawn(Stages.producer(() -> new Pusher().reportCancels(producerCancels.getRef())));
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    ConsumerRef<Integer, Object> consumer = spawn(Stages.consumer(() -> new Observer(cancels.getRef())));
    subscribe(consumer, producer, CancelMode.PERMANENT);

    testKit.stop(consumer.actor());

    producerCancels.expectMessage(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.SHUTDOWN));
    producerCancels.expectNoMessage(QUIET); // no second (DOWN) cancellation for the same subscription
    cancels.expectNoMessage(Duration.ofMillis(10));
  }

  @Test
  void aProducerThatStopsWithoutACancelIsSeenAsDown() {
    TestProbe<Object> fakeSees = testKit.createTestProbe();
    ActorRef<Object> fake = testKit.spawn(plainActor(fakeSees.getRef()));
    ProducerRef<Integer, Object> fakeProducer = () -> fake;
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    ConsumerRef<Integer, Object> consumer = spawn(Stages.consumer(() -> new Observer(cancels.getRef())));

    Subscription sub = subscribe(consumer, fakeProducer, CancelMode.TEMPORARY);
    ProducerMessage.Subscribe<?> s = assertInstanceOf(ProducerMessage.Subscribe.class, fakeSees.receiveMessage());
    assertEquals(sub.tag(), s.tag());
    ProducerMessage.Ask<?> a = assertInstanceOf(ProducerMessage.Ask.class, fakeSees.receiveMessage());
    assertEquals(10, a.demand());

    fake.tell("stop");

    cancels.expectMessage(new Cancellation(Cancellation.Kind.DOWN, CancelReason.TERMINATED));
    assertAlive(consumer);
  }

  @Test
  void aPermanentConsumerOfAProducerThatStopsWithoutACancelFails() {
    ActorRef<Object> fake = testKit.spawn(plainActor(testKit.createTestProbe().getRef()));
    ProducerRef<Integer, Object> fakeProducer = () -> fake;
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    TestProbe<Object> report = testKit.createTestProbe();
    ConsumerRef<Integer, Object> consumer =
        spawnWatched(Stages.consumer(() -> new Observer(cancels.getRef())), report);
    subscribe(consumer, fakeProducer, CancelMode.PERMANENT);

    fake.tell("stop");

    cancels.expectMessage(new Cancellation(Cancellation.Kind.DOWN, CancelReason.TERMINATED));
    assertEquals(CancelReason.TERMINATED, expectFailure(report).reason());
  }

  @Test
  void subscribingToADeadProducerIsDownForATemporaryConsumer() {
    ProducerRef<Integer, Object> producer = spawn(Stages.producer(Pusher::new));
    GenStage.stop(testKit.system(), producer, CancelReason.NORMAL);
    testKit.createTestProbe().expectTerminated(producer.actor());
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    ConsumerRef<Integer, Object> consumer = spawn(Stages.consumer(() -> new Observer(cancels.getRef())));

    subscribe(consumer, producer, CancelMode.TEMPORARY);

    cancels.expectMessage(new Cancellation(Cancellation.Kind.DOWN, CancelReason.TERMINATED));
    assertAlive(consumer);
  }

  @Test
  void subscribingToADeadProducerStopsAPermanentConsumer() {
    ProducerRef<Integer, Object> producer = spawn(Stages.producer(Pusher::new));
    GenStage.stop(testKit.system(), producer, CancelReason.NORMAL);
    testKit.createTestProbe().expectTerminated(producer.actor());
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    TestProbe<Object> report = testKit.createTestProbe();
    ConsumerRef<Integer, Object> consumer =
        spawnWatched(Stages.consumer(() -> new Observer(cancels.getRef())), report);

    subscribe(consumer, producer, CancelMode.PERMANENT);

    cancels.expectMessage(new Cancellation(Cancellation.Kind.DOWN, CancelReason.TERMINATED));
    assertEquals(CancelReason.TERMINATED, expectFailure(report).reason());
  }

  @Test
  void aStoppingProducerCancelsItsConsumersWithItsReasonBeforeTerminating() {
    ProducerRef<Integer, Object> producer = spawn(Stages.producer(Pusher::new));
    TestProbe<ConsumerMessage<Integer>> consumer = testKit.createTestProbe();
    SubscriptionTag tag = SubscriptionTag.create();
    raw(producer).tell(new ProducerMessage.Subscribe<>(consumer.getRef(), tag, SubscribeOptions.defaults(), null, null));

    GenStage.stop(testKit.system(), producer, CancelReason.of("bye"));

    ConsumerMessage.Cancelled<?> c = assertInstanceOf(ConsumerMessage.Cancelled.class, consumer.receiveMessage());
    assertEquals(tag, c.tag());
    assertEquals(producer.actor(), c.producer());
    assertEquals(CancelReason.of("bye"), c.reason());
    consumer.expectTerminated(producer.actor());
  }

  // ------------------------------------------------------------------ restart under supervision

  @Test
  void aRestartedProducerCancelsWithTheFailureAndForgetsOldSubscriptions() {
    var spec = Stages.producer(Pusher::new);
    ProducerRef<Integer, Object> producer = spec.ref(
        testKit.spawn(Behaviors.supervise(spec.behavior()).onFailure(SupervisorStrategy.restart())));
    TestProbe<ConsumerMessage<Integer>> probe = testKit.createTestProbe();
    SubscriptionTag tag = SubscriptionTag.create();
    raw(producer).tell(new ProducerMessage.Subscribe<>(probe.getRef(), tag, SubscribeOptions.defaults(), null, null));
    raw(producer).tell(new ProducerMessage.Ask<>(probe.getRef(), tag, 5));
    GenStage.cast(producer, new Push(List.of(1, 2)));
    ConsumerMessage.Events<?> ev = assertInstanceOf(ConsumerMessage.Events.class, probe.receiveMessage());
    assertEquals(List.of(1, 2), ev.events());

    RuntimeException boom = new IllegalStateException("boom");
    GenStage.cast(producer, new Fail(boom));

    ConsumerMessage.Cancelled<?> c = assertInstanceOf(ConsumerMessage.Cancelled.class, probe.receiveMessage());
    assertEquals(tag, c.tag());
    assertEquals(CancelReason.failure(boom), c.reason());

    // The new incarnation lives under the same ref and does not know the old tag.
    raw(producer).tell(new ProducerMessage.Ask<>(probe.getRef(), tag, 5));
    ConsumerMessage.Cancelled<?> unknown = assertInstanceOf(ConsumerMessage.Cancelled.class, probe.receiveMessage());
    assertEquals(tag, unknown.tag());
    assertEquals(CancelReason.UNKNOWN_SUBSCRIPTION, unknown.reason());
    GenStage.cast(producer, new Push(List.of(3)));
    probe.expectNoMessage(QUIET); // buffered: nobody is subscribed to the new incarnation
  }

  @Test
  void aTemporaryConsumerOfARestartedProducerSeesTheFailureAndCanSubscribeAgain() {
    var spec = Stages.producer(Pusher::new);
    ProducerRef<Integer, Object> producer = spec.ref(
        testKit.spawn(Behaviors.supervise(spec.behavior()).onFailure(SupervisorStrategy.restart())));
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    TestProbe<List<Integer>> events = testKit.createTestProbe();
    ConsumerRef<Integer, Object> consumer =
        spawn(Stages.consumer(() -> new Observer(cancels.getRef()).reportEvents(events.getRef())));
    subscribe(consumer, producer, CancelMode.TEMPORARY);
    RuntimeException boom = new IllegalStateException("boom");

    GenStage.cast(producer, new Fail(boom));

    cancels.expectMessage(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.failure(boom)));
    assertAlive(consumer);
    subscribe(consumer, producer, CancelMode.TEMPORARY);
    GenStage.cast(producer, new Push(List.of(7, 8)));
    events.expectMessage(List.of(7, 8));
  }

  @Test
  void aConsumerWithSubscribeToResubscribesAfterARestart() {
    TestProbe<Cancellation> producerCancels = testKit.createTestProbe();
    ProducerRef<Integer, Object> producer =
        spawn(Stages.producer(() -> new Pusher().reportCancels(producerCancels.getRef())));
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    TestProbe<List<Integer>> events = testKit.createTestProbe();
    TestProbe<Subscription> subscriptions = testKit.createTestProbe();
    var spec = Stages.consumer(
        () -> new Observer(cancels.getRef()).reportEvents(events.getRef()).reportSubscriptions(subscriptions.getRef()),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withMaxDemand(10)));
    ConsumerRef<Integer, Object> consumer = spec.ref(
        testKit.spawn(Behaviors.supervise(spec.behavior()).onFailure(SupervisorStrategy.restart())));
    Subscription first = subscriptions.receiveMessage();
    GenStage.cast(producer, new Push(List.of(1, 2, 3)));
    events.expectMessage(List.of(1, 2, 3));
    RuntimeException boom = new IllegalStateException("boom");

    consumer.actor().tell(new Fail(boom));

    producerCancels.expectMessage(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.failure(boom)));
    Subscription second = subscriptions.receiveMessage();
    assertNotEquals(first.tag(), second.tag());
    assertEquals(first.consumer(), second.consumer());
    GenStage.cast(producer, new Push(List.of(4, 5)));
    events.expectMessage(List.of(4, 5));
    cancels.expectNoMessage(Duration.ofMillis(10));
  }

  // ------------------------------------------------------------------ handler decisions

  @Test
  void aProducerWhoseHandleSubscribeAnswersManualFails() {
    TestProbe<Object> report = testKit.createTestProbe();
    ProducerRef<Integer, Object> producer =
        spawnWatched(Stages.producer(() -> new Pusher().answerSubscribe(AskMode.MANUAL)), report);
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    ConsumerRef<Integer, Object> consumer = spawn(Stages.consumer(() -> new Observer(cancels.getRef())));

    subscribe(consumer, producer, CancelMode.TEMPORARY);

    Cancellation c = cancels.receiveMessage();
    assertEquals(Cancellation.Kind.CANCEL, c.kind());
    CancelReason.Failure f = assertInstanceOf(CancelReason.Failure.class, c.reason());
    assertInstanceOf(IllegalStateException.class, f.cause());
    assertTrue(f.cause().getMessage().contains("AUTOMATIC"), f.cause().getMessage());
    assertSame(f.cause(), expectDied(report).cause()); // the parent sees the producer fail with it
    assertAlive(consumer);
  }

  @Test
  void aStopFromHandleCancelWinsOverATemporaryMode() {
    ProducerRef<Integer, Object> producer = spawn(Stages.producer(Pusher::new));
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    TestProbe<Object> report = testKit.createTestProbe();
    ConsumerRef<Integer, Object> consumer = spawnWatched(
        Stages.consumer(() -> new Observer(cancels.getRef()).stopInCancel(CancelReason.of("mine"))), report);
    subscribe(consumer, producer, CancelMode.TEMPORARY);

    GenStage.stop(testKit.system(), producer, CancelReason.NORMAL);

    cancels.expectMessage(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL));
    assertEquals(CancelReason.of("mine"), expectFailure(report).reason());
  }

  @Test
  void aStopFromHandleCancelWinsOverAPermanentMode() {
    ProducerRef<Integer, Object> producer = spawn(Stages.producer(Pusher::new));
    TestProbe<Cancellation> cancels = testKit.createTestProbe();
    TestProbe<Object> report = testKit.createTestProbe();
    ConsumerRef<Integer, Object> consumer = spawnWatched(
        Stages.consumer(() -> new Observer(cancels.getRef()).stopInCancel(CancelReason.NORMAL)), report);
    subscribe(consumer, producer, CancelMode.PERMANENT);

    GenStage.stop(testKit.system(), producer, CancelReason.of("bye"));

    cancels.expectMessage(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.of("bye")));
    expectStoppedNormally(report); // stopped normally: not a failure with "bye"
  }
}
