package io.genstage.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.stream.javadsl.Source;
import akka.stream.testkit.TestPublisher;
import akka.stream.testkit.javadsl.TestSource;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.ConsumerRef;
import io.genstage.GenStage;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.StageSpec;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.SubscriptionTag;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import scala.concurrent.duration.FiniteDuration;

/** Producers made from iterables, Java streams and Akka sources (GenStage's from_enumerable). */
class ProducersTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();
  static final Duration QUIET = Duration.ofMillis(150);

  // ------------------------------------------------------------------ fixtures

  /** 0, 1, 2, ... forever; counts the items its iterators handed out. */
  static final class CountingIterable implements Iterable<Integer> {
    final AtomicInteger pulled = new AtomicInteger();

    @Override
    public Iterator<Integer> iterator() {
      return new Iterator<>() {
        int next;

        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public Integer next() {
          pulled.incrementAndGet();
          return next++;
        }
      };
    }
  }

  /** A TestProbe speaking the consumer side of the raw protocol to one producer. */
  static final class RawConsumer {
    final TestProbe<ConsumerMessage<Integer>> probe = testKit.createTestProbe();
    final SubscriptionTag tag = SubscriptionTag.create();
    final ActorRef<ProducerMessage<Integer>> producer;

    @SuppressWarnings("unchecked")
    RawConsumer(ProducerRef<Integer, ?> producer, SubscribeOptions<?> options) {
      this.producer = (ActorRef<ProducerMessage<Integer>>) (ActorRef<?>) producer.actor();
      this.producer.tell(new ProducerMessage.Subscribe<>(probe.getRef(), tag, options, null, null));
    }

    RawConsumer ask(long demand) {
      producer.tell(new ProducerMessage.Ask<>(probe.getRef(), tag, demand));
      return this;
    }

    void cancel() {
      producer.tell(new ProducerMessage.Cancel<>(probe.getRef(), tag, CancelReason.NORMAL));
    }

    /** Events until {@code count} have arrived, however the producer batched them. */
    List<Integer> expectEvents(int count) {
      List<Integer> got = new ArrayList<>();
      while (got.size() < count) {
        got.addAll(expectEvents());
      }
      assertEquals(count, got.size(), "more than asked for: " + got);
      return got;
    }

    List<Integer> expectEvents() {
      ConsumerMessage.Events<?> e = assertInstanceOf(ConsumerMessage.Events.class, probe.receiveMessage());
      assertEquals(tag, e.tag());
      List<Integer> out = new ArrayList<>();
      for (Object o : e.events()) {
        out.add((Integer) o);
      }
      return out;
    }

    CancelReason expectCancelled() {
      ConsumerMessage.Cancelled<?> c = assertInstanceOf(ConsumerMessage.Cancelled.class, probe.receiveMessage());
      assertEquals(tag, c.tag());
      return c.reason();
    }
  }

  /** An endless fromIterable producer (0, 1, 2, ...) that does {@code onCancel} when its last consumer leaves. */
  static ProducerRef<Integer, Void> spawnCounting(OnCancel onCancel) {
    return spawn(Producers.fromIterable(new CountingIterable(), ProducerOptions.defaults(), onCancel));
  }

  static <T> ProducerRef<T, Void> spawn(StageSpec<ProducerRef<T, Void>, Void> spec) {
    return spec.ref(testKit.spawn(spec.behavior()));
  }

  static ConsumerRef<Integer, Integer> recorder(TestProbe<Object> report, SubscribeTo<Integer> to) {
    return kit.spawn(Stages.consumer(() -> new StageSinkTest.Recorder(report.getRef(), false), to));
  }

  static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  // ------------------------------------------------------------------ fromIterable

  @Test
  void fromIterablePullsExactlyWhatIsDemanded() {
    CountingIterable items = new CountingIterable();
    ProducerRef<Integer, Void> producer = spawn(Producers.fromIterable(items));
    RawConsumer c = new RawConsumer(producer, SubscribeOptions.defaults().withMaxDemand(10)).ask(10);
    assertEquals(range(0, 10), c.expectEvents());
    c.probe.expectNoMessage(QUIET);
    assertEquals(10, items.pulled.get(), "one ask of 10 pulls 10 items, no read-ahead");
    c.ask(3);
    assertEquals(range(10, 13), c.expectEvents());
    c.probe.expectNoMessage(QUIET);
    assertEquals(13, items.pulled.get());
  }

  @Test
  void aConsumerStageThatAskedOnceGetsNoMoreThanItAskedFor() {
    CountingIterable items = new CountingIterable();
    ProducerRef<Integer, Void> producer = spawn(Producers.fromIterable(items));
    TestProbe<Object> report = testKit.createTestProbe();
    ConsumerRef<Integer, Integer> consumer = kit.spawn(Stages.consumer(() -> new StageSinkTest.Recorder(report.getRef(), true),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withMaxDemand(10))));
    GenStage.cast(consumer, 10); // a manual consumer with maxDemand 10 asks once
    assertEquals(range(0, 10), report.receiveMessage());
    report.expectNoMessage(QUIET);
    assertEquals(10, items.pulled.get());
  }

  @Test
  void fromIterableStopsNormallyOnceItsLastItemLeft() {
    ProducerRef<Integer, Void> producer = spawn(Producers.fromIterable(range(0, 12)));
    RawConsumer c = new RawConsumer(producer, SubscribeOptions.defaults().withMaxDemand(10)).ask(10);
    assertEquals(range(0, 10), c.expectEvents());
    c.probe.expectNoMessage(QUIET); // items are left: no stop yet
    c.ask(10);
    assertEquals(List.of(10, 11), c.expectEvents());
    assertEquals(CancelReason.NORMAL, c.expectCancelled());
    c.probe.expectTerminated(producer.actor());
  }

  @Test
  void anEmptyIterableStopsAtTheFirstDemand() {
    ProducerRef<Integer, Void> producer = spawn(Producers.fromIterable(List.<Integer>of()));
    RawConsumer c = new RawConsumer(producer, SubscribeOptions.defaults()).ask(5);
    assertEquals(CancelReason.NORMAL, c.expectCancelled());
    c.probe.expectTerminated(producer.actor());
  }

  @Test
  void aPermanentConsumerStopsWithTheIterable() {
    ProducerRef<Integer, Void> producer = spawn(Producers.fromIterable(range(0, 25)));
    TestProbe<Object> report = testKit.createTestProbe();
    ConsumerRef<Integer, Integer> consumer = recorder(report,
        SubscribeTo.of(producer, SubscribeOptions.defaults().withDemand(10, 5)));
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      got.addAll(assertInstanceOf(List.class, report.receiveMessage()));
    }
    assertEquals(range(0, 25), got);
    assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), report.receiveMessage());
    report.expectTerminated(consumer.actor());
    report.expectTerminated(producer.actor());
  }

  @Test
  void temporaryAndTransientConsumersOutliveTheIterable() throws Exception {
    for (CancelMode mode : List.of(CancelMode.TEMPORARY, CancelMode.TRANSIENT)) {
      ProducerRef<Integer, Void> producer = spawn(Producers.fromIterable(range(0, 7)));
      TestProbe<Object> report = testKit.createTestProbe();
      ConsumerRef<Integer, Integer> consumer = recorder(report,
          SubscribeTo.of(producer, SubscribeOptions.defaults().withDemand(10, 5).withCancel(mode)));
      List<Integer> got = new ArrayList<>(assertInstanceOf(List.class, report.receiveMessage()));
      got.addAll(assertInstanceOf(List.class, report.receiveMessage()));
      assertEquals(range(0, 7), got, mode.toString());
      assertEquals(new Cancellation(Cancellation.Kind.CANCEL, CancelReason.NORMAL), report.receiveMessage());
      report.expectTerminated(producer.actor());
      // Still running: it takes a new subscription.
      ProducerRef<Integer, Void> next = spawn(Producers.fromIterable(List.of(100)));
      GenStage.subscribe(testKit.system(), consumer, next, SubscribeOptions.defaults().withCancel(mode))
          .toCompletableFuture().get(3, TimeUnit.SECONDS);
      assertEquals(List.of(100), report.receiveMessage(), mode.toString());
    }
  }

  @Test
  void eachStartIteratesAfresh() {
    StageSpec<ProducerRef<Integer, Void>, Void> spec = Producers.fromIterable(range(0, 100));
    RawConsumer first = new RawConsumer(spawn(spec), SubscribeOptions.defaults()).ask(3);
    RawConsumer second = new RawConsumer(spawn(spec), SubscribeOptions.defaults()).ask(3);
    assertEquals(range(0, 3), first.expectEvents());
    assertEquals(range(0, 3), second.expectEvents());
  }

  @Test
  void onCancelStopStopsWhenTheLastConsumerCancels() {
    ProducerRef<Integer, Void> producer = spawnCounting(OnCancel.STOP);
    RawConsumer a = new RawConsumer(producer, SubscribeOptions.defaults()).ask(2);
    assertEquals(range(0, 2), a.expectEvents());
    RawConsumer b = new RawConsumer(producer, SubscribeOptions.defaults()).ask(2);
    assertEquals(range(2, 4), b.expectEvents());

    a.cancel();
    assertEquals(CancelReason.NORMAL, a.expectCancelled());
    b.ask(1); // one consumer left: still producing
    assertEquals(List.of(4), b.expectEvents());

    b.cancel();
    assertEquals(CancelReason.NORMAL, b.expectCancelled());
    b.probe.expectTerminated(producer.actor());
  }

  @Test
  void onCancelContinueKeepsRunningForALaterConsumer() {
    ProducerRef<Integer, Void> producer = spawnCounting(OnCancel.CONTINUE);
    RawConsumer a = new RawConsumer(producer, SubscribeOptions.defaults()).ask(3);
    assertEquals(range(0, 3), a.expectEvents());
    a.cancel();
    assertEquals(CancelReason.NORMAL, a.expectCancelled());

    RawConsumer b = new RawConsumer(producer, SubscribeOptions.defaults()).ask(3);
    assertEquals(range(3, 6), b.expectEvents(), "the later consumer gets the rest");
  }

  @Test
  void nullArgumentsAreRejected() {
    assertThrows(NullPointerException.class, () -> Producers.fromIterable(null));
    assertThrows(NullPointerException.class,
        () -> Producers.fromIterable(List.of(1), ProducerOptions.defaults(), null));
    assertThrows(NullPointerException.class, () -> Producers.fromStream(null));
    assertThrows(NullPointerException.class,
        () -> Producers.fromSource(null, OnCancel.STOP, testKit.system()));
  }

  // ------------------------------------------------------------------ fromStream

  @Test
  void fromStreamClosesTheStreamWhenTheStageStops() {
    TestProbe<String> closed = testKit.createTestProbe();
    ProducerRef<Integer, Void> producer = spawn(Producers.fromStream(
        () -> Stream.iterate(0, i -> i + 1).onClose(() -> closed.getRef().tell("closed")),
        ProducerOptions.defaults(), OnCancel.STOP));
    RawConsumer c = new RawConsumer(producer, SubscribeOptions.defaults()).ask(4);
    assertEquals(range(0, 4), c.expectEvents());
    closed.expectNoMessage(QUIET);
    c.cancel();
    assertEquals(CancelReason.NORMAL, c.expectCancelled());
    closed.expectMessage("closed");
    c.probe.expectTerminated(producer.actor());
  }

  @Test
  void aFiniteStreamIsClosedOnceExhausted() {
    TestProbe<String> closed = testKit.createTestProbe();
    ProducerRef<Integer, Void> producer = spawn(Producers.fromStream(
        () -> Stream.of(1, 2, 3).onClose(() -> closed.getRef().tell("closed"))));
    RawConsumer c = new RawConsumer(producer, SubscribeOptions.defaults()).ask(10);
    assertEquals(List.of(1, 2, 3), c.expectEvents());
    assertEquals(CancelReason.NORMAL, c.expectCancelled());
    closed.expectMessage("closed");
  }

  @Test
  void fromStreamIsClosedWhenItsIteratorFails() {
    TestProbe<String> closed = testKit.createTestProbe();
    RuntimeException boom = new IllegalStateException("boom");
    ProducerRef<Integer, Void> producer = spawn(Producers.fromStream(
        () -> Stream.iterate(0, i -> i + 1).map(i -> {
          if (i == 3) {
            throw boom;
          }
          return i;
        }).onClose(() -> closed.getRef().tell("closed"))));
    RawConsumer c = new RawConsumer(producer, SubscribeOptions.defaults()).ask(2);
    assertEquals(List.of(0, 1), c.expectEvents());
    c.ask(2); // pulls 2, then 3 fails the stage
    assertSame(boom, assertInstanceOf(CancelReason.Failure.class, c.expectCancelled()).cause());
    closed.expectMessage("closed");
    c.probe.expectTerminated(producer.actor());
  }

  @Test
  void fromStreamIsClosedWhenTheStageIsStoppedFromOutside() {
    TestProbe<String> closed = testKit.createTestProbe();
    AtomicInteger supplied = new AtomicInteger();
    ProducerRef<Integer, Void> producer = spawn(Producers.fromStream(() -> {
      supplied.incrementAndGet();
      return Stream.iterate(0, i -> i + 1).onClose(() -> closed.getRef().tell("closed"));
    }));
    RawConsumer c = new RawConsumer(producer, SubscribeOptions.defaults()).ask(1);
    assertEquals(List.of(0), c.expectEvents());
    assertEquals(1, supplied.get());
    testKit.stop(producer.actor());
    closed.expectMessage("closed");
    assertEquals(CancelReason.SHUTDOWN, c.expectCancelled());
  }

  // ------------------------------------------------------------------ fromSource

  @Test
  void fromSourcePullsTheSourceExactlyAsConsumersAsk() {
    CountingIterable items = new CountingIterable();
    AtomicInteger pulled = items.pulled;
    Source<Integer, ?> counting = Source.fromIterator(items::iterator);
    ProducerRef<Integer, Void> producer = Producers.fromSource(counting, OnCancel.STOP, testKit.system());
    RawConsumer c = new RawConsumer(producer, SubscribeOptions.defaults()).ask(4);
    assertEquals(range(0, 4), c.expectEvents());
    c.probe.expectNoMessage(QUIET);
    assertEquals(4, pulled.get());
    c.ask(2);
    assertEquals(range(4, 6), c.expectEvents());
    c.probe.expectNoMessage(QUIET);
    assertEquals(6, pulled.get());
  }

  /** A fromSource producer over a test source, and that source's probe. */
  record FromTestSource(ProducerRef<Integer, Void> producer, TestPublisher.Probe<Integer> pub) {}

  /** The source is materialized inside fromSource, so its probe is known when fromSource returns. */
  static FromTestSource fromTestSource(OnCancel onCancel) {
    AtomicReference<TestPublisher.Probe<Integer>> pubRef = new AtomicReference<>();
    Source<Integer, TestPublisher.Probe<Integer>> source = TestSource.<Integer>create(testKit.system())
        .mapMaterializedValue(p -> {
          pubRef.set(p);
          return p;
        });
    ProducerRef<Integer, Void> producer = Producers.fromSource(source, onCancel, testKit.system());
    return new FromTestSource(producer, pubRef.get());
  }

  @Test
  void fromSourceTakesFromAPublisherOnlyAgainstDemand() {
    FromTestSource s = fromTestSource(OnCancel.STOP);
    ProducerRef<Integer, Void> producer = s.producer();
    TestPublisher.Probe<Integer> pub = s.pub();
    // A publisher is read through the materializer's input buffer, which requests its size ahead
    // (16 by default; the caller of fromSource cannot set it). Beyond that buffer, nothing.
    int inputBuffer = testKit.system().settings().config().getInt("akka.stream.materializer.max-input-buffer-size");
    assertEquals(inputBuffer, pub.expectRequest());
    for (int i = 0; i < 5; i++) {
      pub.sendNext(i);
    }
    RawConsumer c = new RawConsumer(producer, SubscribeOptions.defaults()).ask(2);
    assertEquals(List.of(0, 1), c.expectEvents(2));
    c.probe.expectNoMessage(QUIET); // 2, 3 and 4 wait upstream of the producer
    c.ask(3);
    assertEquals(List.of(2, 3, 4), c.expectEvents(3));
    pub.expectNoMessage(FiniteDuration.create(150, TimeUnit.MILLISECONDS)); // less than half the buffer taken

    c.cancel();
    assertEquals(CancelReason.NORMAL, c.expectCancelled());
    pub.expectCancellation(); // OnCancel.STOP
  }

  @Test
  void fromSourceEndsItsConsumersNormallyAfterEverything() {
    ProducerRef<Integer, Void> producer = Producers.fromSource(Source.range(1, 5), OnCancel.STOP, testKit.system());
    RawConsumer c = new RawConsumer(producer, SubscribeOptions.defaults()).ask(10);
    assertEquals(List.of(1, 2, 3, 4, 5), c.expectEvents(5));
    assertEquals(CancelReason.NORMAL, c.expectCancelled());
    c.probe.expectTerminated(producer.actor());
  }

  @Test
  void fromSourcePassesAFailureOnToItsConsumers() {
    FromTestSource s = fromTestSource(OnCancel.STOP);
    RawConsumer c = new RawConsumer(s.producer(), SubscribeOptions.defaults()).ask(10);
    s.pub().sendNext(1);
    assertEquals(List.of(1), c.expectEvents());
    RuntimeException boom = new IllegalStateException("boom");
    s.pub().sendError(boom);
    assertSame(boom, assertInstanceOf(CancelReason.Failure.class, c.expectCancelled()).cause());
  }

  @Test
  void fromSourceWithContinueKeepsTheSourceWhenTheLastConsumerLeaves() {
    FromTestSource s = fromTestSource(OnCancel.CONTINUE);
    ProducerRef<Integer, Void> producer = s.producer();
    TestPublisher.Probe<Integer> pub = s.pub();
    pub.expectRequest();
    RawConsumer a = new RawConsumer(producer, SubscribeOptions.defaults()).ask(1);
    pub.sendNext(1);
    assertEquals(List.of(1), a.expectEvents());
    a.cancel();
    assertEquals(CancelReason.NORMAL, a.expectCancelled());
    pub.expectNoMessage(FiniteDuration.create(150, TimeUnit.MILLISECONDS)); // not cancelled

    RawConsumer b = new RawConsumer(producer, SubscribeOptions.defaults()).ask(1);
    pub.sendNext(2);
    assertEquals(List.of(2), b.expectEvents());
  }
}
