package io.genstage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.typesafe.config.ConfigFactory;
import io.genstage.AskMode;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.SubscribeOptions;
import io.genstage.testing.LogCapturing;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturing.class) // logs printed only for a failing test
class ProducerProbeTest {
  // Short, so that the test of a timeout's message is quick.
  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory
      .parseString("akka.actor.testkit.typed.single-expect-default = 500ms").withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final ProducerProbe<Integer> producer = ProducerProbe.create(testKit.system());
  private final ConsumerProbe<Integer> consumer = ConsumerProbe.create(testKit.system());

  private String name() {
    return "ProducerProbe [" + producer.ref().actor().path() + "]: ";
  }

  @Test
  void seesTheSubscriptionWithItsOptionsThenEachAsk() {
    consumer.subscribe(producer.ref(), SubscribeOptions.defaults().withDemand(4, 2).withCancel(CancelMode.TEMPORARY));
    ProducerProbe.Subscribed subscribed = producer.expectSubscription();
    assertEquals(consumer.ref().actor(), subscribed.subscription().consumer());
    assertEquals(4, subscribed.options().maxDemand());
    assertEquals(2, subscribed.options().minDemand());
    consumer.ask(3);
    assertEquals(3, producer.expectAsk());
    consumer.ask(1);
    producer.expectAsk(1).expectNothing(Duration.ofMillis(100));
  }

  @Test
  void anAutomaticConsumerAsksMaxDemandThenTheDifferenceToMinDemand() {
    consumer.subscribe(producer.ref(), SubscribeOptions.defaults().withDemand(4, 2), AskMode.AUTOMATIC);
    producer.expectSubscription();
    producer.expectAsk(4);
    producer.emit(1, 2);
    consumer.expectBatch(1, 2);
    producer.expectAsk(2);
  }

  @Test
  void eventsBeyondDemandWaitInTheBufferUntilAsked() {
    consumer.subscribe(producer.ref());
    producer.emit(1, 2, 3);
    consumer.expectNoEvents(Duration.ofMillis(100));
    consumer.ask(2);
    consumer.expectBatch(1, 2);
    consumer.ask(5);
    consumer.expectBatch(3);
  }

  @Test
  void seesTheConsumersCancelWithItsReason() {
    consumer.subscribe(producer.ref());
    producer.expectSubscription();
    consumer.cancel(CancelReason.SHUTDOWN);
    assertEquals(CancelReason.SHUTDOWN, producer.expectCancel());
    consumer.expectCancel(CancelReason.SHUTDOWN); // the producer's answer
  }

  @Test
  void completeEndsTheConsumersNormallyOnceTheyHaveTakenEverythingEmitted() {
    consumer.subscribe(producer.ref());
    consumer.ask(1);
    producer.emit(1, 2).complete();
    consumer.expectBatch(1).expectNoEvents(Duration.ofMillis(100));
    consumer.ask(5);
    consumer.expectBatch(2).expectCancel(CancelReason.NORMAL);
  }

  @Test
  void failEndsTheConsumersWithTheFailure() {
    consumer.subscribe(producer.ref());
    producer.fail(new IllegalStateException("boom"));
    consumer.expectCancel(CancelReason.failure(new IllegalStateException("boom")));
  }

  @Test
  void aWrongAskIsReportedWithWhatCameInstead() {
    consumer.subscribe(producer.ref());
    producer.expectSubscription();
    consumer.ask(4);
    AssertionError e = assertThrows(AssertionError.class, () -> producer.expectAsk(3));
    assertEquals(name() + "expected an ask for 3, got an ask for 4", e.getMessage());
  }

  @Test
  void somethingElseThanWhatWasExpectedIsReported() {
    consumer.subscribe(producer.ref(), SubscribeOptions.defaults().withDemand(4, 2).withCancel(CancelMode.TEMPORARY));
    AssertionError e = assertThrows(AssertionError.class, producer::expectAsk);
    assertEquals(name() + "expected an ask, got a subscription from " + consumer.ref().actor().path()
        + " (maxDemand 4, minDemand 2)", e.getMessage());
    consumer.ask(1);
    AssertionError quiet = assertThrows(AssertionError.class, () -> producer.expectNothing(Duration.ofMillis(300)));
    assertEquals(name() + "expected nothing for 300 ms, got an ask for 1", quiet.getMessage());
  }

  @Test
  void nothingInTimeIsReported() {
    AssertionError e = assertThrows(AssertionError.class, producer::expectCancel);
    assertEquals(name() + "expected a cancel within 500 ms, got nothing", e.getMessage());
  }
}
