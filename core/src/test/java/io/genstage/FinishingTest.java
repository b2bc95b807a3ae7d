package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.genstage.fixtures.RecordingConsumer;
import io.genstage.fixtures.TestGate;
import io.genstage.fixtures.WatchingParent;
import io.genstage.protocol.ProducerMessage;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How a stage finishes: a stop that drains, a stop that says what it discarded, subscribe's order. */
class FinishingTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();
  static final Duration SHORT = Duration.ofMillis(200);

  /** How the producer under test ends once it has emitted everything at its first demand. */
  enum Ending { DRAIN, STOP }

  /**
   * Emits all of {@code events} at its first handleDemand, however little was asked, and then ends
   * as told; reports each handleDemand.
   */
  static final class EmitAllThenEnd extends Producer<Integer, Void> {
    private final List<Integer> events;
    private final Ending ending;
    private final ActorRef<Long> demands;

    EmitAllThenEnd(List<Integer> events, Ending ending, ActorRef<Long> demands) {
      this.events = events;
      this.ending = ending;
      this.demands = demands;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      demands.tell(demand);
      if (ending == Ending.DRAIN) {
        context().stopWhenDrained(CancelReason.NORMAL, Duration.ofSeconds(5));
      } else {
        context().stop(CancelReason.NORMAL);
      }
      return events;
    }
  }

  /** Emits what it is told to, whatever the demand; drains or fails when told to. */
  static final class Scripted extends Producer<Integer, Scripted.Command> {
    sealed interface Command {}

    record Emit(List<Integer> events) implements Command {}

    record Drain(Duration timeout) implements Command {}

    record Fail(RuntimeException error) implements Command {}

    /** Asked with a call: the answer is the error's message, or "draining". */
    record TryDrain(Duration timeout) implements Command {}

    @Override
    protected List<Integer> handleDemand(long demand) {
      return List.of();
    }

    @Override
    protected List<Integer> handleCall(Command request, CallFrom from) {
      try {
        context().stopWhenDrained(CancelReason.NORMAL, ((TryDrain) request).timeout());
        context().reply(from, "draining");
      } catch (IllegalArgumentException e) {
        context().reply(from, e.getMessage());
      }
      return List.of();
    }

    @Override
    protected List<Integer> handleCast(Command command) {
      if (command instanceof Emit e) {
        return e.events();
      }
      if (command instanceof Fail f) {
        throw f.error();
      }
      context().stopWhenDrained(CancelReason.NORMAL, ((Drain) command).timeout());
      return List.of();
    }
  }

  record Batch(List<Integer> events) {}

  record Cancelled(Cancellation cancellation) {}

  private final TestProbe<Object> consumed = testKit.createTestProbe();
  private final TestProbe<Long> demands = testKit.createTestProbe();

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private ConsumerRef<Integer, Void> recorder(ProducerRef<Integer, ?> producer, boolean manual, int maxDemand) {
    return kit.spawn(Stages.consumer(
        () -> new RecordingConsumer<Integer, Void, Object>(consumed.getRef(), manual,
            (from, events) -> new Batch(events), (from, cancellation) -> new Cancelled(cancellation)),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withMaxDemand(maxDemand))));
  }

  /** Collects batches until the cancel; returns the events in the order they arrived. */
  private List<Integer> eventsUntilCancel(CancelReason expected) {
    List<Integer> all = new ArrayList<>();
    while (true) {
      Object next = consumed.receiveMessage();
      if (next instanceof Batch b) {
        all.addAll(b.events());
      } else {
        assertEquals(new Cancellation(Cancellation.Kind.CANCEL, expected), ((Cancelled) next).cancellation());
        return all;
      }
    }
  }

  @Test
  void aDrainingProducerDeliversEverythingItEmittedBeforeItsConsumersSeeItsCancel() {
    var producer = kit.spawn(Stages.producer(() -> new EmitAllThenEnd(range(1500), Ending.DRAIN, demands.getRef())));
    recorder(producer, false, 10);

    assertEquals(range(1500), eventsUntilCancel(CancelReason.NORMAL));
    // It took no new work while draining: handleDemand ran once, for the first ask.
    assertEquals(10L, demands.receiveMessage());
    demands.expectNoMessage(SHORT);
    consumed.expectTerminated(producer.actor());
  }

  @Test
  void aPlainStopWithBufferedEventsLogsHowManyItDiscarded() {
    LoggingTestKit.warn("discarded [1490] events it had not dispatched ([1490] buffered, [0] of queued input)")
        .expect(testKit.system(), () -> {
          var producer = kit.spawn(Stages.producer(() -> new EmitAllThenEnd(range(1500), Ending.STOP, demands.getRef())));
          recorder(producer, false, 10);
          assertEquals(range(10), eventsUntilCancel(CancelReason.NORMAL));
          return null;
        });
  }

  @Test
  void aDrainThatCannotFinishStopsAtItsTimeoutAndLogsWhatItDiscarded() {
    var producer = kit.spawn(Stages.producer(Scripted::new));
    recorder(producer, true, 10); // manual, and it never asks
    GenStage.cast(producer, new Scripted.Emit(range(100)));

    LoggingTestKit.warn("discarded [100] events it had not dispatched").expect(testKit.system(), () -> {
      LoggingTestKit.warn("did not drain within [300 ms]").expect(testKit.system(), () -> {
        GenStage.cast(producer, new Scripted.Drain(Duration.ofMillis(300)));
        return null;
      });
      return null;
    });
    assertEquals(List.of(), eventsUntilCancel(CancelReason.NORMAL));
  }

  @Test
  void aSecondDrainWhileDrainingKeepsTheFirstTimeout() {
    var producer = kit.spawn(Stages.producer(Scripted::new));
    recorder(producer, true, 10);
    GenStage.cast(producer, new Scripted.Emit(range(5)));
    GenStage.cast(producer, new Scripted.Drain(Duration.ofMillis(300)));

    LoggingTestKit.warn("did not drain within [300 ms]").expect(testKit.system(), () -> {
      GenStage.cast(producer, new Scripted.Drain(Duration.ofSeconds(30)));
      return null;
    });
    consumed.expectTerminated(producer.actor());
  }

  /** Forwards what it receives; drains when told to, within the given timeout. */
  static final class DrainingForwarder extends ProducerConsumer<Integer, Integer, Duration> {
    @Override
    protected List<Integer> handleEvents(List<Integer> events, Subscription from) {
      return events;
    }

    @Override
    protected List<Integer> handleCast(Duration timeout) {
      context().stopWhenDrained(CancelReason.NORMAL, timeout);
      return List.of();
    }
  }

  @Test
  void aDrainingProducerConsumerHandlesItsQueuedInputFirstAndAsksForNothingMore() throws Exception {
    var producer = kit.spawn(Stages.producer(Scripted::new));
    var forwarder = kit.spawn(Stages.producerConsumer(DrainingForwarder::new,
        SubscribeTo.of(producer, SubscribeOptions.defaults().withMaxDemand(10))));
    var consumer = kit.spawn(Stages.consumer(() -> new DemandTest.ManualAsker(consumed.getRef()), SubscribeTo.of(forwarder)));

    GenStage.cast(producer, new Scripted.Emit(range(30)));
    // Once the forwarder's subscription (made as it starts) has asked, the producer has sent it its 10
    // and holds 20; the forwarder's consumer has asked for nothing, so the 10 wait in its queued input.
    consumed.awaitAssert(() -> {
      try {
        assertEquals(20, GenStage.estimateBufferedCount(testKit.system(), producer).toCompletableFuture().get(5, TimeUnit.SECONDS));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return null;
    });
    GenStage.cast(forwarder, Duration.ofSeconds(5));
    GenStage.cast(consumer, new DemandTest.ManualAsker.AskFor(30));

    assertEquals(new DemandTest.ManualAsker.Asked(30), consumed.receiveMessage());
    // The forwarder handles its queued 10 in slices of maxDemand - minDemand, forwarding each.
    assertEquals(new DemandTest.ManualAsker.Batch(range(5)), consumed.receiveMessage());
    assertEquals(new DemandTest.ManualAsker.Batch(List.of(5, 6, 7, 8, 9)), consumed.receiveMessage());
    consumed.expectTerminated(forwarder.actor());
    // Draining, the forwarder asked its producer for nothing more.
    assertEquals(20, GenStage.estimateBufferedCount(testKit.system(), producer).toCompletableFuture().get(5, TimeUnit.SECONDS));
  }

  @Test
  void aDrainTimeoutMustBePositive() throws Exception {
    var producer = kit.spawn(Stages.producer(Scripted::new));

    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1)}) {
      String answer = GenStage.<String, Scripted.Command>call(testKit.system(), producer, new Scripted.TryDrain(bad))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertEquals("timeout must be > 0, got: " + bad, answer);
    }
    assertEquals("draining", GenStage.<String, Scripted.Command>call(testKit.system(), producer, new Scripted.TryDrain(SHORT))
        .toCompletableFuture().get(5, TimeUnit.SECONDS));
    consumed.expectTerminated(producer.actor());
  }

  /** Throws {@code error} at its first handleDemand. */
  static final class ThrowsAtDemand extends Producer<Integer, Void> {
    private final Error error;

    ThrowsAtDemand(Error error) {
      this.error = error;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      throw error;
    }
  }

  @Test
  void aCallbackThrowingAnErrorFailsTheStageAndItsTransientConsumerWithIt() {
    // Not a VirtualMachineError or LinkageError (a StackOverflowError, a NoClassDefFoundError): Akka
    // counts those as fatal and, by default, exits the JVM (akka.jvm-exit-on-fatal-error).
    for (Error error : new Error[] {new AssertionError("broken invariant"), new Error("plain")}) {
      var producer = kit.spawn(Stages.producer(() -> new ThrowsAtDemand(error)));
      var consumer = Stages.consumer(
          () -> new RecordingConsumer<Integer, Void, Object>(consumed.getRef(), false,
              (from, events) -> new Batch(events), (from, cancellation) -> new Cancelled(cancellation)),
          SubscribeTo.of(producer, SubscribeOptions.defaults().withCancel(CancelMode.TRANSIENT)));
      TestProbe<Object> parent = testKit.createTestProbe();
      testKit.spawn(WatchingParent.parentOf(consumer.behavior(), parent.getRef()));
      ActorRef<?> child = assertInstanceOf(ActorRef.class, parent.receiveMessage());

      // Not a SHUTDOWN, which a transient consumer would survive: the failure itself.
      Cancelled cancelled = assertInstanceOf(Cancelled.class, consumed.receiveMessage());
      assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.failure(error)), cancelled.cancellation());
      // The consumer fails in turn, and its failure's cause is the original error.
      WatchingParent.ChildDied died = assertInstanceOf(WatchingParent.ChildDied.class, parent.receiveMessage());
      assertEquals(child, died.child());
      assertSame(error, assertInstanceOf(StageExitException.class, died.cause()).getCause());
    }
  }

  @Test
  void aKilledProducerFailsItsTransientConsumerWithTerminatedAndItsCompletion() throws Exception {
    var producer = kit.spawn(Stages.producer(Scripted::new));
    var completion = GenStage.completion(testKit.system(), producer);
    var consumer = Stages.consumer(
        () -> new RecordingConsumer<Integer, Void, Object>(consumed.getRef(), false,
            (from, events) -> new Batch(events), (from, cancellation) -> new Cancelled(cancellation)),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withCancel(CancelMode.TRANSIENT)));
    TestProbe<Object> parent = testKit.createTestProbe();
    testKit.spawn(WatchingParent.parentOf(consumer.behavior(), parent.getRef()));
    ActorRef<?> child = assertInstanceOf(ActorRef.class, parent.receiveMessage());
    GenStage.cast(producer, new Scripted.Emit(List.of(1)));
    assertEquals(new Batch(List.of(1)), consumed.receiveMessage());

    akka.actor.typed.javadsl.Adapter.toClassic(producer.actor())
        .tell(akka.actor.Kill.getInstance(), akka.actor.ActorRef.noSender());

    // Not a SHUTDOWN, which a transient consumer would survive.
    Cancelled cancelled = assertInstanceOf(Cancelled.class, consumed.receiveMessage());
    assertEquals(CancelReason.TERMINATED, cancelled.cancellation().reason());
    WatchingParent.ChildDied died = assertInstanceOf(WatchingParent.ChildDied.class, parent.receiveMessage());
    assertEquals(child, died.child());
    assertEquals(CancelReason.TERMINATED, assertInstanceOf(StageExitException.class, died.cause()).reason());
    var failure = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> completion.toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertEquals(CancelReason.TERMINATED, assertInstanceOf(StageExitException.class, failure.getCause()).reason());
  }

  @Test
  void aThrowingConstructorFailsTheStageAsItStartsAndItsParentSeesTheCause() {
    IllegalStateException missing = new IllegalStateException("input file missing");
    var failing = Stages.<Integer, Void>producer(() -> {
      throw missing;
    });
    TestProbe<Object> parent = testKit.createTestProbe();

    testKit.spawn(WatchingParent.parentOf(failing.behavior(), parent.getRef()));

    ActorRef<?> child = assertInstanceOf(ActorRef.class, parent.receiveMessage());
    WatchingParent.ChildDied died = assertInstanceOf(WatchingParent.ChildDied.class, parent.receiveMessage());
    assertEquals(child, died.child());
    Throwable cause = died.cause();
    while (cause != null && cause != missing) {
      cause = cause.getCause();
    }
    assertSame(missing, cause, "the constructor's exception in the cause chain of " + died.cause());
  }

  @Test
  void aHandlerSupplierReturningNullFailsTheStageWithTheLibrarysMessage() {
    var nothing = Stages.<Integer, Void>producer(() -> null);
    TestProbe<Object> parent = testKit.createTestProbe();

    testKit.spawn(WatchingParent.parentOf(nothing.behavior(), parent.getRef()));

    assertInstanceOf(ActorRef.class, parent.receiveMessage());
    WatchingParent.ChildDied died = assertInstanceOf(WatchingParent.ChildDied.class, parent.receiveMessage());
    Throwable cause = died.cause();
    while (cause != null && !(cause instanceof IllegalStateException)) {
      cause = cause.getCause();
    }
    assertEquals("the handler supplier returned null", cause == null ? died.cause().toString() : cause.getMessage());
  }

  /** An automatic consumer whose handleSubscribe waits for the test's go. */
  static final class GatedConsumer extends Consumer<Integer, Void> {
    private final TestGate gate;

    GatedConsumer(TestGate gate) {
      this.gate = gate;
    }

    @Override
    protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
      gate.pass();
      return AskMode.AUTOMATIC;
    }

    @Override
    protected void handleEvents(List<Integer> events, Subscription from) {}
  }

  @Test
  void aSubscribeCompletesOnlyAfterItsFirstAskLeft() throws Exception {
    TestProbe<ProducerMessage<Integer>> producer = testKit.createTestProbe();
    TestGate gate = new TestGate();
    var consumer = kit.spawn(Stages.consumer(() -> new GatedConsumer(gate)));

    // A cancel sent the moment the subscribe completes must not overtake the first ask. The gate
    // makes sure the cancel is attached before the subscribe can complete.
    var cancelled = GenStage.subscribe(testKit.system(), consumer, DemandTest.probeAsProducer(producer), SubscribeOptions.defaults())
        .thenAccept(sub -> GenStage.cancel(sub, CancelReason.NORMAL));
    gate.open();
    cancelled.toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertInstanceOf(ProducerMessage.Subscribe.class, producer.receiveMessage());
    assertEquals(1000, assertInstanceOf(ProducerMessage.Ask.class, producer.receiveMessage()).demand());
    assertInstanceOf(ProducerMessage.Cancel.class, producer.receiveMessage());
  }
}
