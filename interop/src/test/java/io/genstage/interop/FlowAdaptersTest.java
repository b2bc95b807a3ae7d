package io.genstage.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.genstage.CancelReason;
import io.genstage.Consumer;
import io.genstage.ConsumerRef;
import io.genstage.GenStage;
import io.genstage.ProducerRef;
import io.genstage.StageExitException;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.fixtures.RecordingConsumer;
import io.genstage.protocol.ProducerMessage;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input to the {@link FlowAdapters}: the Reactive Streams rules the TCK leaves to us. */
class FlowAdaptersTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  // ------------------------------------------------------------------ fixtures

  /** The signals a {@link Recorder} saw. */
  sealed interface Signal {}

  record OnSubscribe(Flow.Subscription subscription) implements Signal {}

  record OnNext(Object element) implements Signal {}

  record OnError(Throwable error) implements Signal {}

  enum OnComplete implements Signal { INSTANCE }

  /** A subscriber that forwards every signal it gets to a probe. */
  record Recorder<T>(TestProbe<Signal> probe) implements Flow.Subscriber<T> {
    @Override public void onSubscribe(Flow.Subscription s) { probe.getRef().tell(new OnSubscribe(s)); }
    @Override public void onNext(T element) { probe.getRef().tell(new OnNext(element)); }
    @Override public void onError(Throwable error) { probe.getRef().tell(new OnError(error)); }
    @Override public void onComplete() { probe.getRef().tell(OnComplete.INSTANCE); }
  }

  /** What a {@link Forwarder} consumer or a {@link ProbeSubscription} saw. */
  sealed interface Seen {}

  record Batch(List<Integer> events) implements Seen {}

  record Ended(CancelReason reason) implements Seen {}

  record Requested(String subscription, long n) implements Seen {}

  record CancelCalled(String subscription) implements Seen {}

  /**
   * A consumer that forwards its batches and how its subscription ended. Told a latch, it is busy
   * until the latch opens (so that messages queue up behind it).
   */
  static final class Forwarder extends RecordingConsumer<Integer, CountDownLatch, Seen> {
    Forwarder(TestProbe<Seen> probe) {
      super(probe.getRef(), false, (from, events) -> new Batch(events),
          (from, cancellation) -> new Ended(cancellation.reason()));
    }

    @Override
    protected void handleCast(CountDownLatch gate) {
      try {
        gate.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A hand-made subscription that reports its requests and cancels. */
  record ProbeSubscription(String name, TestProbe<Seen> probe) implements Flow.Subscription {
    @Override public void request(long n) { probe.getRef().tell(new Requested(name, n)); }
    @Override public void cancel() { probe.getRef().tell(new CancelCalled(name)); }
  }

  private static ConsumerRef<Integer, CountDownLatch> forwarder(TestProbe<Seen> probe) {
    return kit.spawn(Stages.<Integer, CountDownLatch>consumer(() -> new Forwarder(probe)));
  }

  private static <M extends ProducerMessage<Integer>> M expectProducerMessage(
      TestProbe<ProducerMessage<Integer>> producer, Class<?> type) {
    ProducerMessage<Integer> m = producer.receiveMessage();
    assertInstanceOf(type, m);
    @SuppressWarnings("unchecked")
    M typed = (M) m;
    return typed;
  }

  // ------------------------------------------------------------------ publisher

  @Test
  void subscribingNullThrowsNullPointerException() { // rule 1.9
    ProducerRef<Integer, Void> producer = kit.spawn(Producers.fromIterable(List.of(1, 2, 3)));
    Flow.Publisher<Integer> publisher = FlowAdapters.publisher(producer, testKit.system());
    assertThrows(NullPointerException.class, () -> publisher.subscribe(null));
  }

  @Test
  void requestZeroErrorsTheSubscriberAndCancelsAtTheProducer() { // rule 3.9
    requestErrorsTheSubscriberAndCancelsAtTheProducer(0);
  }

  @Test
  void requestNegativeErrorsTheSubscriberAndCancelsAtTheProducer() { // rule 3.9
    requestErrorsTheSubscriberAndCancelsAtTheProducer(-1);
  }

  private void requestErrorsTheSubscriberAndCancelsAtTheProducer(long n) {
    TestProbe<ProducerMessage<Integer>> producer = testKit.createTestProbe();
    TestProbe<Signal> subscriber = testKit.createTestProbe();
    FlowAdapters.publisher(ProducerRef.of(producer.getRef()), testKit.system()).subscribe(new Recorder<>(subscriber));

    ProducerMessage.Subscribe<Integer> subscribe = expectProducerMessage(producer, ProducerMessage.Subscribe.class);
    Flow.Subscription subscription = subscriber.expectMessageClass(OnSubscribe.class).subscription();
    subscription.request(n);

    OnError error = subscriber.expectMessageClass(OnError.class);
    assertInstanceOf(IllegalArgumentException.class, error.error());
    ProducerMessage.Cancel<Integer> cancel = expectProducerMessage(producer, ProducerMessage.Cancel.class);
    assertEquals(subscribe.tag(), cancel.tag());
    // The relay asked nothing, and nothing follows the error.
    producer.expectNoMessage(Duration.ofMillis(100));
    subscriber.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aStoppedProducerErrorsANewSubscriber() {
    ProducerRef<Integer, Void> producer = kit.spawn(Producers.fromStream(() -> Stream.iterate(0, i -> i + 1)));
    testKit.stop(producer.actor());
    TestProbe<Signal> subscriber = testKit.createTestProbe();

    FlowAdapters.publisher(producer, testKit.system()).subscribe(new Recorder<>(subscriber));

    subscriber.expectMessageClass(OnSubscribe.class);
    OnError error = subscriber.expectMessageClass(OnError.class);
    assertInstanceOf(StageExitException.class, error.error());
    subscriber.expectNoMessage(Duration.ofMillis(100));
  }

  /** A subscriber that, as rule 2.13 requires, throws on a null element, and forwards the rest. */
  record Strict<T>(TestProbe<Signal> probe) implements Flow.Subscriber<T> {
    @Override public void onSubscribe(Flow.Subscription s) { probe.getRef().tell(new OnSubscribe(s)); }
    @Override public void onNext(T element) {
      probe.getRef().tell(new OnNext(java.util.Objects.requireNonNull(element, "element")));
    }
    @Override public void onError(Throwable error) { probe.getRef().tell(new OnError(error)); }
    @Override public void onComplete() { probe.getRef().tell(OnComplete.INSTANCE); }
  }

  @Test
  void aNullEventErrorsTheSubscriberAndFailsTheSubscriptionAtTheProducer() { // rule 2.13
    TestProbe<ProducerMessage<Integer>> producer = testKit.createTestProbe();
    TestProbe<Signal> subscriber = testKit.createTestProbe();
    FlowAdapters.publisher(ProducerRef.of(producer.getRef()), testKit.system()).subscribe(new Strict<>(subscriber));

    ProducerMessage.Subscribe<Integer> subscribe = expectProducerMessage(producer, ProducerMessage.Subscribe.class);
    subscriber.expectMessageClass(OnSubscribe.class).subscription().request(3);
    expectProducerMessage(producer, ProducerMessage.Ask.class);
    subscribe.consumer().tell(new io.genstage.protocol.ConsumerMessage.Events<>(
        producer.getRef(), subscribe.tag(), java.util.Arrays.asList(1, null, 3)));

    assertEquals(1, subscriber.expectMessageClass(OnNext.class).element());
    NullPointerException error = assertInstanceOf(NullPointerException.class,
        subscriber.expectMessageClass(OnError.class).error());
    assertTrue(error.getMessage().contains(producer.getRef().path().toString()), error.getMessage());
    ProducerMessage.Cancel<Integer> cancel = expectProducerMessage(producer, ProducerMessage.Cancel.class);
    assertEquals(subscribe.tag(), cancel.tag());
    assertSame(error, assertInstanceOf(CancelReason.Failure.class, cancel.reason()).cause());
    // Nothing follows the error: not the event after the null, nor another ask.
    subscriber.expectNoMessage(Duration.ofMillis(100));
    producer.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aSubscriberThatThrowsIsCancelledWithWhatItThrew() { // rule 2.13
    TestProbe<ProducerMessage<Integer>> producer = testKit.createTestProbe();
    TestProbe<Signal> subscriber = testKit.createTestProbe();
    IllegalStateException boom = new IllegalStateException("boom");
    FlowAdapters.publisher(ProducerRef.of(producer.getRef()), testKit.system()).subscribe(new Flow.Subscriber<>() {
      @Override public void onSubscribe(Flow.Subscription s) { subscriber.getRef().tell(new OnSubscribe(s)); }
      @Override public void onNext(Integer element) { throw boom; }
      @Override public void onError(Throwable error) { subscriber.getRef().tell(new OnError(error)); }
      @Override public void onComplete() { subscriber.getRef().tell(OnComplete.INSTANCE); }
    });
    ProducerMessage.Subscribe<Integer> subscribe = expectProducerMessage(producer, ProducerMessage.Subscribe.class);
    subscriber.expectMessageClass(OnSubscribe.class).subscription().request(2);
    expectProducerMessage(producer, ProducerMessage.Ask.class);
    subscribe.consumer().tell(new io.genstage.protocol.ConsumerMessage.Events<>(
        producer.getRef(), subscribe.tag(), List.of(1, 2)));

    ProducerMessage.Cancel<Integer> cancel = expectProducerMessage(producer, ProducerMessage.Cancel.class);
    assertSame(boom, assertInstanceOf(CancelReason.Failure.class, cancel.reason()).cause());
    subscriber.expectNoMessage(Duration.ofMillis(100)); // a subscriber that threw is not signalled again
  }

  // ------------------------------------------------------------------ subscriber

  @Test
  void onNextNullThrowsNullPointerException() { // rule 2.13
    TestProbe<Seen> probe = testKit.createTestProbe();
    Flow.Subscriber<Integer> subscriber =
        FlowAdapters.subscriber(forwarder(probe), SubscribeOptions.defaults(), testKit.system());
    subscriber.onSubscribe(new ProbeSubscription("only", probe));
    assertThrows(NullPointerException.class, () -> subscriber.onNext(null));
  }

  @Test
  void aSecondOnSubscribeIsCancelled() { // rule 2.5
    TestProbe<Seen> probe = testKit.createTestProbe();
    TestProbe<Seen> consumer = testKit.createTestProbe();
    Flow.Subscriber<Integer> subscriber = FlowAdapters.subscriber(
        forwarder(consumer), SubscribeOptions.defaults().withMaxDemand(4), testKit.system());

    subscriber.onSubscribe(new ProbeSubscription("first", probe));
    subscriber.onSubscribe(new ProbeSubscription("second", probe));

    // The second is cancelled; the first gets the consumer's demand and is never cancelled.
    List<Seen> seen = probe.receiveSeveralMessages(2);
    assertTrue(seen.contains(new CancelCalled("second")), () -> "saw " + seen);
    assertTrue(seen.stream().anyMatch(m -> m instanceof Requested r && r.subscription().equals("first") && r.n() > 0),
        () -> "saw " + seen);
    probe.expectNoMessage(Duration.ofMillis(200));
  }

  // An empty or failed publisher ends the stream before the consumer (here: busy) has subscribed to
  // the subscriber's sink; the consumer must still learn how it ended (not find a stopped producer).

  /**
   * A subscriber in front of a consumer held busy by a latch: {@code end} ends the stream before the
   * consumer has subscribed to the subscriber's sink. Returns how the consumer, once free, saw it end.
   */
  private Ended endBeforeTheConsumerSubscribed(java.util.function.Consumer<Flow.Subscriber<Integer>> end) {
    TestProbe<Seen> consumer = testKit.createTestProbe();
    TestProbe<Seen> upstream = testKit.createTestProbe();
    ConsumerRef<Integer, CountDownLatch> busy = forwarder(consumer);
    CountDownLatch gate = new CountDownLatch(1);
    GenStage.cast(busy, gate);
    Flow.Subscriber<Integer> subscriber = FlowAdapters.subscriber(busy, SubscribeOptions.defaults(), testKit.system());

    subscriber.onSubscribe(new ProbeSubscription("only", upstream));
    end.accept(subscriber);
    consumer.expectNoMessage(Duration.ofMillis(300)); // the sink ends while the consumer is still busy
    gate.countDown();
    return consumer.expectMessageClass(Ended.class);
  }

  @Test
  void onCompleteBeforeTheConsumerSubscribedReachesItAsNormal() {
    assertEquals(new Ended(CancelReason.NORMAL), endBeforeTheConsumerSubscribed(Flow.Subscriber::onComplete));
  }

  @Test
  void onErrorBeforeTheConsumerSubscribedReachesItAsAFailure() {
    IllegalStateException boom = new IllegalStateException("boom");
    CancelReason reason = endBeforeTheConsumerSubscribed(subscriber -> subscriber.onError(boom)).reason();
    assertInstanceOf(CancelReason.Failure.class, reason);
    assertSame(boom, ((CancelReason.Failure) reason).cause());
  }
}
