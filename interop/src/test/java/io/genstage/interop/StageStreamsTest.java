package io.genstage.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.Producer;
import io.genstage.ProducerRef;
import io.genstage.StageExitException;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.fixtures.Sequence;
import io.genstage.interop.StageSourceTest.CancelSeen;
import io.genstage.interop.StageSourceTest.Demanded;
import io.genstage.interop.StageSourceTest.ReportingCounter;
import io.genstage.interop.StageSourceTest.Subscribed;
import io.genstage.testing.StageTestKit;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** StageStreams.stream: producers consumed as a blocking Java Stream (GenStage's stream). */
class StageStreamsTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  /** Emits 0 .. count-1 as demanded, then stops with {@code reason}. */
  static final class Finite extends Producer<Integer, Void> {
    final int count;
    final CancelReason reason;
    final Sequence numbers = new Sequence();

    Finite(int count, CancelReason reason) {
      this.count = count;
      this.reason = reason;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      List<Integer> out = numbers.nextBelow(demand, count);
      if (numbers.peek() == count) {
        context().stop(reason);
      }
      return out;
    }
  }

  static ProducerRef<Integer, Void> finite(int count, CancelReason reason) {
    return kit.spawn(Stages.producer(() -> new Finite(count, reason)));
  }

  static ProducerRef<Integer, Void> reportingCounter(TestProbe<Object> report) {
    return kit.spawn(Stages.producer(() -> new ReportingCounter(report.getRef())));
  }

  static ProducerRef<Integer, Void> iterable(List<Integer> items) {
    return kit.spawn(Producers.fromIterable(items));
  }

  static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  static SubscribeOptions<Object> mode(CancelMode mode) {
    return SubscribeOptions.defaults().withCancel(mode);
  }

  /** Everything a stream of {@code to} gives before it ends normally. */
  static List<Integer> collected(SubscribeTo<Integer> to) {
    try (Stream<Integer> s = StageStreams.stream(testKit.system(), to)) {
      return s.collect(Collectors.toList());
    }
  }

  /** The reason a stream of {@code to} fails with, read from its {@link StageExitException}. */
  static CancelReason streamFailure(SubscribeTo<Integer> to) {
    try (Stream<Integer> s = StageStreams.stream(testKit.system(), to)) {
      RuntimeException thrown = assertThrows(RuntimeException.class, () -> s.collect(Collectors.toList()));
      return stageExitIn(thrown).reason();
    }
  }

  static StageExitException stageExitIn(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof StageExitException e) {
        return e;
      }
    }
    throw new AssertionError("no StageExitException in the cause chain of " + thrown, thrown);
  }

  /** Skips the subscription and demand reports up to the cancel. */
  static CancelSeen nextCancel(TestProbe<Object> report) {
    while (true) {
      Object m = report.receiveMessage();
      if (m instanceof CancelSeen c) {
        return c;
      }
      if (!(m instanceof Subscribed)) {
        assertInstanceOf(Demanded.class, m);
      }
    }
  }

  // ------------------------------------------------------------------ demand and closing

  @Test
  void taking300WithMaxDemand100GivesExactly0To299() {
    TestProbe<Object> report = testKit.createTestProbe();
    ProducerRef<Integer, Void> counter = reportingCounter(report);
    try (Stream<Integer> s = StageStreams.stream(testKit.system(),
        SubscribeTo.of(counter, SubscribeOptions.defaults().withMaxDemand(100)))) {
      assertEquals(range(0, 300), s.limit(300).collect(Collectors.toList()));
    }
    Subscribed subscribed = assertInstanceOf(Subscribed.class, report.receiveMessage());
    assertEquals(new Demanded(100), report.receiveMessage(), "maxDemand first");
    assertEquals(new Demanded(50), report.receiveMessage(), "then maxDemand - minDemand");
    CancelSeen cancel = nextCancel(report);
    assertEquals(0, cancel.subscriptions());
    report.expectTerminated(subscribed.from().consumer());
  }

  @Test
  void closingTheStreamCancelsTheSubscriptionWithNormal() {
    TestProbe<Object> report = testKit.createTestProbe();
    ProducerRef<Integer, Void> counter = reportingCounter(report);
    Stream<Integer> s = StageStreams.stream(testKit.system(),
        SubscribeTo.of(counter, SubscribeOptions.defaults().withMaxDemand(10)));
    assertEquals(range(0, 3), s.limit(3).collect(Collectors.toList()));
    Subscribed subscribed = assertInstanceOf(Subscribed.class, report.receiveMessage());
    assertEquals(1, subscribed.subscriptions());
    s.close();
    CancelSeen cancel = nextCancel(report);
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), cancel.cancellation());
    assertEquals(0, cancel.subscriptions(), "no subscription left behind");
    report.expectTerminated(subscribed.from().consumer()); // the relay
  }

  @Test
  void closingAnUnreadStreamCancelsToo() {
    TestProbe<Object> report = testKit.createTestProbe();
    ProducerRef<Integer, Void> counter = reportingCounter(report);
    Stream<Integer> s = StageStreams.stream(testKit.system(), SubscribeTo.of(counter));
    Subscribed subscribed = assertInstanceOf(Subscribed.class, report.receiveMessage());
    s.close();
    CancelSeen cancel = nextCancel(report);
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), cancel.cancellation());
    assertEquals(0, cancel.subscriptions());
    report.expectTerminated(subscribed.from().consumer());
  }

  // ------------------------------------------------------------------ a producer's end, by cancel mode

  @Test
  void aTemporarySubscriptionEndsTheStreamWhenItsProducerStops() {
    assertEquals(range(0, 10),
        collected(SubscribeTo.of(iterable(range(0, 10)), mode(CancelMode.TEMPORARY).withMaxDemand(4))));
  }

  @Test
  void aTemporarySubscriptionEndsTheStreamWhateverTheReason() {
    assertEquals(range(0, 5),
        collected(SubscribeTo.of(finite(5, CancelReason.of("oops")), mode(CancelMode.TEMPORARY))));
  }

  @Test
  void aPermanentSubscriptionFailsTheStreamEvenForANormalStop() {
    assertEquals(CancelReason.NORMAL,
        streamFailure(SubscribeTo.of(iterable(range(0, 10)), mode(CancelMode.PERMANENT))));
  }

  @Test
  void aPermanentSubscriptionFailsTheStreamWithTheProducersReason() {
    assertEquals(CancelReason.of("oops"),
        streamFailure(SubscribeTo.of(finite(3, CancelReason.of("oops")), mode(CancelMode.PERMANENT))));
  }

  @Test
  void aTransientSubscriptionEndsOnANormalStopAndFailsOnAnAbnormalOne() {
    assertEquals(range(0, 3),
        collected(SubscribeTo.of(finite(3, CancelReason.SHUTDOWN), mode(CancelMode.TRANSIENT))));
    assertEquals(CancelReason.of("oops"),
        streamFailure(SubscribeTo.of(finite(3, CancelReason.of("oops")), mode(CancelMode.TRANSIENT))));
  }

  @Test
  void aProducerAlreadyGoneEndsATemporaryStreamEmptyAndFailsAPermanentOne() {
    ProducerRef<Integer, Void> gone = finite(0, CancelReason.NORMAL);
    testKit.stop(gone.actor());
    assertEquals(List.of(), collected(SubscribeTo.of(gone, mode(CancelMode.TEMPORARY))));
    assertEquals(CancelReason.TERMINATED, streamFailure(SubscribeTo.of(gone, mode(CancelMode.PERMANENT))));
  }

  // ------------------------------------------------------------------ several producers

  @Test
  void twoProducersMergedGiveAllEventsOfBoth() {
    try (Stream<Integer> s = StageStreams.stream(testKit.system(),
        SubscribeTo.of(iterable(range(0, 50)), mode(CancelMode.TRANSIENT).withMaxDemand(7)),
        SubscribeTo.of(iterable(range(100, 150)), mode(CancelMode.TRANSIENT).withMaxDemand(5)))) {
      List<Integer> got = s.collect(Collectors.toList());
      assertEquals(range(0, 50), got.stream().filter(i -> i < 100).toList(), "each producer's order is kept");
      assertEquals(range(100, 150), got.stream().filter(i -> i >= 100).toList());
    }
  }

  @Test
  void closingAMergedStreamCancelsEverySubscription() {
    TestProbe<Object> reportA = testKit.createTestProbe();
    TestProbe<Object> reportB = testKit.createTestProbe();
    Stream<Integer> s = StageStreams.stream(testKit.system(),
        SubscribeTo.of(reportingCounter(reportA), SubscribeOptions.defaults().withMaxDemand(10)),
        SubscribeTo.of(reportingCounter(reportB), SubscribeOptions.defaults().withMaxDemand(10)));
    assertEquals(5, s.limit(5).count());
    s.close();
    assertEquals(0, nextCancel(reportA).subscriptions());
    assertEquals(0, nextCancel(reportB).subscriptions());
  }

  @Test
  void aPermanentSubscriptionEndingFailsAMergedStream() {
    TestProbe<Object> report = testKit.createTestProbe();
    try (Stream<Integer> s = StageStreams.stream(testKit.system(),
        SubscribeTo.of(reportingCounter(report), SubscribeOptions.defaults().withMaxDemand(10)),
        SubscribeTo.of(finite(3, CancelReason.NORMAL), mode(CancelMode.PERMANENT)))) {
      RuntimeException thrown = assertThrows(RuntimeException.class, () -> s.collect(Collectors.toList()));
      assertEquals(CancelReason.NORMAL, stageExitIn(thrown).reason());
    }
    // The other subscription is cancelled, not left behind.
    assertEquals(0, nextCancel(report).subscriptions());
  }

  // ------------------------------------------------------------------ arguments

  @Test
  void zeroSubscriptionsAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StageStreams.stream(testKit.system()));
    assertNotNull(e.getMessage());
  }

  @Test
  void nullArgumentsAreRejected() {
    ProducerRef<Integer, Void> p = finite(1, CancelReason.NORMAL);
    assertThrows(NullPointerException.class, () -> StageStreams.stream(null, SubscribeTo.of(p)));
    assertThrows(NullPointerException.class,
        () -> StageStreams.<Integer>stream(testKit.system(), SubscribeTo.of(p), null));
  }
}
