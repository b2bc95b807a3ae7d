package io.genstage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.typesafe.config.ConfigFactory;
import io.genstage.CancelReason;
import io.genstage.testing.LogCapturing;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturing.class) // logs printed only for a failing test
class ConsumerProbeTest {
  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory
      .parseString("akka.actor.testkit.typed.single-expect-default = 500ms").withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final ProducerProbe<Integer> producer = ProducerProbe.create(testKit.system());
  private final ConsumerProbe<Integer> consumer = ConsumerProbe.create(testKit.system());

  private String name() {
    return "ConsumerProbe [" + consumer.ref().actor().path() + "]: ";
  }

  @Test
  void expectNextReadsEventsAcrossBatches() {
    consumer.subscribe(producer.ref());
    consumer.ask(3);
    producer.emit(1, 2);
    producer.emit(3);
    consumer.expectNext(1, 2, 3);
  }

  @Test
  void expectNextTakesOneEventAtATimeAndExpectBatchAWholeBatch() {
    consumer.subscribe(producer.ref());
    consumer.ask(4);
    producer.emit(1, 2);
    producer.emit(3, 4);
    assertEquals(1, consumer.expectNext());
    assertEquals(2, consumer.expectNext());
    assertEquals(List.of(3, 4), consumer.expectBatch());
  }

  @Test
  void expectNextNTakesTheNextEventsAcrossBatchesAndSaysHowManyCameBeforeTheEnd() {
    consumer.subscribe(producer.ref());
    consumer.ask(3);
    producer.emit(1, 2);
    producer.emit(3);
    assertEquals(List.of(1, 2, 3), consumer.expectNextN(3));
    consumer.ask(1);
    producer.emit(4).complete();
    AssertionError e = assertThrows(AssertionError.class, () -> consumer.expectNextN(2));
    assertEquals(name() + "expected 2 events (got 1 so far), got a cancel (NORMAL)", e.getMessage());
  }

  @Test
  void anotherBatchIsReportedWithWhatCame() {
    consumer.subscribe(producer.ref());
    consumer.ask(2);
    producer.emit(1, 2);
    AssertionError e = assertThrows(AssertionError.class, () -> consumer.expectBatch(1));
    assertEquals(name() + "expected the batch [1], got the batch [1, 2]", e.getMessage());
  }

  @Test
  void otherEventsAreReportedWithWhatCame() {
    consumer.subscribe(producer.ref());
    consumer.ask(3);
    producer.emit(1, 2, 4);
    AssertionError e = assertThrows(AssertionError.class, () -> consumer.expectNext(1, 3));
    assertEquals(name() + "expected events [1, 3], got [1, 2] then [4]", e.getMessage());
  }

  @Test
  void eventsWhenQuietWasExpectedAreReported() {
    consumer.subscribe(producer.ref());
    consumer.ask(1);
    producer.emit(7);
    AssertionError e = assertThrows(AssertionError.class, () -> consumer.expectNoEvents(Duration.ofMillis(300)));
    assertEquals(name() + "expected no events for 300 ms, got the batch [7]", e.getMessage());
  }

  @Test
  void eventsWhenACancelWasExpectedAreReported() {
    consumer.subscribe(producer.ref());
    consumer.ask(1);
    producer.emit(7);
    AssertionError e = assertThrows(AssertionError.class, consumer::expectCancel);
    assertEquals(name() + "expected a cancel, got the batch [7]", e.getMessage());
  }

  @Test
  void anotherReasonIsReported() {
    consumer.subscribe(producer.ref());
    producer.complete();
    AssertionError e = assertThrows(AssertionError.class, () -> consumer.expectCancel(CancelReason.SHUTDOWN));
    assertEquals(name() + "expected a cancel (SHUTDOWN), got a cancel (NORMAL)", e.getMessage());
  }

  @Test
  void nothingInTimeIsReported() {
    consumer.subscribe(producer.ref());
    consumer.ask(1);
    AssertionError e = assertThrows(AssertionError.class, () -> consumer.expectNext(5));
    assertEquals(name() + "expected events [5] (got [] so far) within 500 ms, got nothing", e.getMessage());
  }

  @Test
  void askingBeforeSubscribingOrForLessThanOneIsRefused() {
    IllegalStateException notYet = assertThrows(IllegalStateException.class, () -> consumer.ask(1));
    assertEquals(name().replace(": ", " ") + "has not subscribed: call subscribe first", notYet.getMessage());
    consumer.subscribe(producer.ref());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> consumer.ask(0));
    assertEquals("demand must be at least 1, got: 0", zero.getMessage());
  }

  @Test
  void aProducerThatIsGoneEndsTheSubscriptionAsTerminated() {
    producer.complete();
    testKit.createTestProbe().expectTerminated(producer.ref().actor());
    consumer.subscribe(producer.ref());
    consumer.expectCancel(CancelReason.TERMINATED);
  }
}
