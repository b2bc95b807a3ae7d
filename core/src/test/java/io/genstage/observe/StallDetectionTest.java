package io.genstage.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.actor.testkit.typed.javadsl.TestProbe;
import com.typesafe.config.ConfigFactory;
import io.genstage.ConsumerRef;
import io.genstage.GenStage;
import io.genstage.ProducerRef;
import io.genstage.StageRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.fixtures.BatchForwarder;
import io.genstage.fixtures.Emit;
import io.genstage.fixtures.AskWhenTold;
import io.genstage.fixtures.Told;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stall detector ({@code genstage.stall-detection.after}, 1 s here, on the test's manual
 * clock): each stage checks once a second, and reports a stall that lasted a whole interval once.
 */
class StallDetectionTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit(
      ConfigFactory.parseString("genstage.stall-detection.after = 1s").withFallback(ManualTime.config()));
  static final ActorTestKit testKit = kit.testKit();
  static final ManualTime time = ManualTime.get(testKit.system());
  static final Duration SECOND = Duration.ofSeconds(1);

  private static StageStats stats(StageRef<?> stage) {
    return GenStage.stats(testKit.system(), stage).toCompletableFuture().join();
  }

  /**
   * Lets {@code seconds} pass and waits until {@code stages} have handled the checks due: each
   * answers a stats request only after the ticks before it, and logs on its own thread, in order.
   */
  private static void pass(int seconds, StageRef<?>... stages) {
    for (int i = 0; i < seconds; i++) {
      time.timePasses(SECOND);
      for (StageRef<?> stage : stages) {
        stats(stage);
      }
    }
  }

  private static void expectNoStallWarning(Runnable during) {
    LoggingTestKit.warn("for at least [1000 ms]").withOccurrences(0).expect(testKit.system(), () -> {
      during.run();
      return null;
    });
  }

  @Test
  void aConsumerWaitingForAProducerThatSendsNothingIsReportedOncePerEpisode() {
    ProducerRef<Integer, Emit<Integer>> producer = kit.spawn(Stages.producer(Told<Integer>::new));
    TestProbe<List<Integer>> received = testKit.createTestProbe();
    ConsumerRef<Integer, Void> consumer = kit.spawn(Stages.consumer(() -> new BatchForwarder<Integer>(received.getRef()),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withDemand(10, 5))));
    stats(producer);
    stats(consumer);

    LoggingTestKit.warn("has had [10] events of demand outstanding for at least [1000 ms] and received none from producer ["
        + producer.actor() + "]").expect(testKit.system(), () -> {
          pass(2, consumer);
          return null;
        });
    assertTrue(stats(consumer).producers().get(0).stalled());
    expectNoStallWarning(() -> pass(5, consumer, producer)); // once per episode

    GenStage.cast(producer, new Emit<>(List.of(1)));
    assertEquals(List.of(1), received.receiveMessage());
    expectNoStallWarning(() -> pass(1, consumer)); // it moved: a new episode starts
    assertFalse(stats(consumer).producers().get(0).stalled());
    LoggingTestKit.warn("has had [9] events of demand outstanding").expect(testKit.system(), () -> {
      pass(1, consumer);
      return null;
    });
  }

  @Test
  void aHealthySlowConsumerIsNotReportedButAProducerWhoseConsumerStopsAskingIs() {
    ProducerRef<Integer, Emit<Integer>> producer = kit.spawn(Stages.producer(Told<Integer>::new));
    TestProbe<List<Integer>> received = testKit.createTestProbe();
    ConsumerRef<Integer, Long> consumer = kit.spawn(Stages.consumer(() -> new AskWhenTold<Integer>(received.getRef()),
        SubscribeTo.of(producer)));
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(1, stats(producer).consumers().size());
      return null;
    });
    GenStage.cast(producer, new Emit<>(List.of(1, 2, 3, 4, 5, 6, 7, 8)));

    // One event a second, each asked for once the last was handled: slow, and moving.
    expectNoStallWarning(() -> {
      for (int i = 1; i <= 5; i++) {
        GenStage.cast(consumer, 1L);
        assertEquals(List.of(i), received.receiveMessage());
        pass(1, producer, consumer);
      }
    });
    assertEquals(3, stats(producer).buffered());

    LoggingTestKit.warn("Stage [" + producer.actor().path() + "] has held [3] events for at least [1000 ms] and sent none:"
        + " its consumers [" + consumer.actor().path() + " with demand 0] have not asked for them")
        .expect(testKit.system(), () -> {
          pass(2, producer);
          return null;
        });
    expectNoStallWarning(() -> pass(4, producer, consumer));
  }
}
