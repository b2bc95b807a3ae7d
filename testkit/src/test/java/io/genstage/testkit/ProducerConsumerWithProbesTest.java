package io.genstage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.CancelReason;
import io.genstage.ProducerConsumerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.testing.LogCapturing;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test docs/testing.md shows: a producer-consumer between the two probes. */
@ExtendWith(LogCapturing.class) // logs printed only for a failing test
class ProducerConsumerWithProbesTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  // #region doubler
  @Test
  void asksByItsDemandForwardsByTheConsumersAndStopsWithItsProducersFailure() {
    ProducerProbe<Integer> upstream = ProducerProbe.create(testKit.system());
    ProducerConsumerRef<Integer, Integer, Void> doubler = Stages.producerConsumer(Doubler::new,
        SubscribeTo.of(upstream.ref(), SubscribeOptions.defaults().withDemand(10, 5)))
        .spawn(testKit.system(), "doubler");
    ConsumerProbe<Integer> downstream = ConsumerProbe.create(testKit.system());
    downstream.subscribe(doubler);

    ProducerProbe.Subscribed subscribed = upstream.expectSubscription();
    assertEquals(doubler.actor(), subscribed.subscription().consumer());
    upstream.expectAsk(10); // maxDemand at first

    downstream.ask(3);
    upstream.emit(1, 2, 3, 4, 5);
    downstream.expectBatch(2, 4, 6); // as much as the consumer asked: 8 and 10 wait in the buffer
    upstream.expectAsk(5); // 5 handled: maxDemand - minDemand, so it asks for 5 more
    downstream.expectNoEvents(Duration.ofMillis(100));
    downstream.ask(5);
    downstream.expectBatch(8, 10);

    IllegalStateException boom = new IllegalStateException("boom");
    upstream.fail(boom);
    CancelReason reason = downstream.expectCancel(); // a permanent subscription: it stops with the failure
    assertSame(boom, ((CancelReason.Failure) reason).cause());
  }
  // #endregion doubler
}
