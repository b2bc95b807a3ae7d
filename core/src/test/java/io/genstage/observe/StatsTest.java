package io.genstage.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.genstage.AskMode;
import io.genstage.CancelMode;
import io.genstage.ConsumerRef;
import io.genstage.GenStage;
import io.genstage.ProducerConsumerOptions;
import io.genstage.ProducerConsumerRef;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.StageKind;
import io.genstage.StageRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.Subscription;
import io.genstage.fixtures.Emit;
import io.genstage.fixtures.AskWhenTold;
import io.genstage.fixtures.Told;
import io.genstage.fixtures.Twice;
import io.genstage.testing.StageTestKit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link GenStage#stats}: every number of the snapshot, on pipelines whose numbers are known. */
class StatsTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  private static StageStats stats(StageRef<?> stage) {
    return GenStage.stats(testKit.system(), stage).toCompletableFuture().join();
  }

  /** Waits until {@code stage}'s consumers' subscribes have arrived. */
  private static void awaitConsumers(StageRef<?> stage, int count) {
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(count, stats(stage).consumers().size());
      return null;
    });
  }

  @Test
  void aProducerConsumerWithThreeEventsBufferedAndSevenOfDemandPendingReportsExactlyThat() {
    TestProbe<List<Integer>> received = testKit.createTestProbe();
    ProducerRef<Integer, Emit<Integer>> producer = kit.spawn(Stages.producer(Told<Integer>::new));
    ProducerConsumerRef<Integer, Integer, Void> twice = kit.spawn(Stages.producerConsumer(Twice<Integer>::new,
        ProducerConsumerOptions.defaults().withBufferSize(10),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withDemand(10, 5))));
    ConsumerRef<Integer, Long> consumer = kit.spawn(Stages.consumer(() -> new AskWhenTold<Integer>(received.getRef()),
        SubscribeTo.of(twice, SubscribeOptions.defaults().withDemand(4, 2).withCancel(CancelMode.TEMPORARY))));
    awaitConsumers(twice, 1);
    GenStage.cast(consumer, 3L);
    GenStage.cast(producer, new Emit<>(List.of(1, 2, 3)));
    assertEquals(List.of(1, 1, 2), received.receiveMessage()); // 2, 3, 3 stay in the buffer

    StageStats s = stats(twice);
    assertEquals(twice.actor(), s.stage());
    assertEquals(twice.actor().path().toString(), s.name());
    assertEquals(StageKind.PRODUCER_CONSUMER, s.kind());
    assertEquals(10, s.bufferSize());
    assertEquals(3, s.buffered());
    assertEquals(3, s.bufferHighWaterMark());
    assertEquals(0, s.discarded());
    assertEquals(0, s.queuedInput());
    assertEquals(3, s.eventsIn());
    assertEquals(3, s.eventsOut());
    assertNotNull(s.lastEventIn());
    assertNotNull(s.lastEventOut());

    assertEquals(1, s.producers().size());
    SubscriptionStats up = s.producers().get(0);
    assertEquals(producer.actor(), up.peer());
    assertEquals(7, up.pendingDemand());
    assertEquals(10, up.maxDemand());
    assertEquals(5, up.minDemand());
    assertEquals(AskMode.AUTOMATIC, up.askMode());
    assertEquals(CancelMode.PERMANENT, up.cancelMode());
    assertEquals(3, up.events());
    assertEquals(s.lastEventIn(), up.lastEvent());
    assertFalse(up.stalled());

    SubscriptionStats down = s.consumers().get(0);
    assertEquals(consumer.actor(), down.peer());
    assertEquals(0, down.pendingDemand()); // it asked for 3 and got them
    assertEquals(4, down.maxDemand());
    assertEquals(2, down.minDemand());
    assertNull(down.askMode()); // only the consumer knows
    assertEquals(CancelMode.TEMPORARY, down.cancelMode());
    assertEquals(3, down.events());

    // The same subscriptions, seen from their other ends, under the same tags.
    StageStats p = stats(producer);
    assertEquals(StageKind.PRODUCER, p.kind());
    assertEquals(List.of(), p.producers());
    assertEquals(up.tag(), p.consumers().get(0).tag());
    assertEquals(7, p.consumers().get(0).pendingDemand());
    assertEquals(3, p.eventsOut());
    assertEquals(0, p.eventsIn());
    assertNull(p.lastEventIn());

    StageStats c = stats(consumer);
    assertEquals(StageKind.CONSUMER, c.kind());
    assertEquals(down.tag(), c.producers().get(0).tag());
    assertEquals(AskMode.MANUAL, c.producers().get(0).askMode());
    assertEquals(0, c.producers().get(0).pendingDemand());
    assertEquals(0, c.bufferSize());
    assertEquals(3, c.eventsIn());
    assertNull(c.lastEventOut());

    // Asked for 4 more: the 3 buffered leave and the high-water mark stays.
    GenStage.cast(consumer, 4L);
    assertEquals(List.of(2, 3, 3), received.receiveMessage());
    StageStats after = stats(twice);
    assertEquals(0, after.buffered());
    assertEquals(3, after.bufferHighWaterMark());
    assertEquals(6, after.eventsOut());
    assertEquals(1, after.consumers().get(0).pendingDemand());
  }

  @Test
  void aFullBufferCountsWhatItDiscarded() {
    ProducerRef<Integer, Emit<Integer>> producer = kit.spawn(Stages.producer(Told<Integer>::new,
        ProducerOptions.defaults().withBufferSize(2)));
    GenStage.cast(producer, new Emit<>(List.of(1, 2, 3, 4, 5)));
    StageStats s = stats(producer);
    assertEquals(2, s.buffered());
    assertEquals(2, s.bufferHighWaterMark());
    assertEquals(3, s.discarded());
    assertEquals(0, s.eventsOut());
    assertEquals(List.of(), s.consumers());
  }

  @Test
  void totalsKeepTheEventsOfSubscriptionsThatEnded() {
    TestProbe<List<Integer>> received = testKit.createTestProbe();
    ProducerRef<Integer, Emit<Integer>> producer = kit.spawn(Stages.producer(Told<Integer>::new));
    ConsumerRef<Integer, Long> consumer = kit.spawn(Stages.consumer(() -> new AskWhenTold<Integer>(received.getRef()),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY))));
    awaitConsumers(producer, 1);
    GenStage.cast(consumer, 2L);
    GenStage.cast(producer, new Emit<>(List.of(1, 2)));
    assertEquals(List.of(1, 2), received.receiveMessage());
    Subscription subscription = new Subscription(producer.actor(), consumer.actor(), stats(consumer).producers().get(0).tag());
    GenStage.cancel(subscription, io.genstage.CancelReason.NORMAL);
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(List.of(), stats(consumer).producers());
      assertEquals(List.of(), stats(producer).consumers());
      return null;
    });
    assertEquals(2, stats(consumer).eventsIn());
    assertEquals(2, stats(producer).eventsOut());
    assertNotNull(stats(producer).lastEventOut());
  }
}
