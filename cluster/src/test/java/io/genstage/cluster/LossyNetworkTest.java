package io.genstage.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.genstage.CancelReason;
import io.genstage.Consumer;
import io.genstage.Delivery;
import io.genstage.ConsumerRef;
import io.genstage.GenStage;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.Subscription;
import io.genstage.cluster.TwoNodesTest.Numbers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A producer on node A and its consumer on node B, both behind a network that loses 10% of the
 * protocol messages in each direction (and the first of each kind): the run goes on to its end,
 * with no stall, no duplicate and no event out of order. At most once, what was lost on the way is
 * skipped; at least once, it is sent again and every event is handled once.
 */
class LossyNetworkTest {
  @org.junit.jupiter.api.extension.RegisterExtension
  static final io.genstage.testing.LogCapturing logs = new io.genstage.testing.LogCapturing();

  private static final Config NODE = ConfigFactory.parseString("genstage.across-nodes.reask-interval = 50ms")
      .withFallback(TwoNodesTest.NODE);
  private static final int EVENTS = 100_000;
  private static ActorTestKit nodeA;
  private static ActorTestKit nodeB;

  @BeforeAll
  static void joinTheCluster() {
    nodeA = ActorTestKit.create("GenStageCluster", NODE.withFallback(ConfigFactory.load()));
    nodeB = ActorTestKit.create("GenStageCluster", NODE.withFallback(ConfigFactory.load()));
    TwoNodesTest.join(nodeA, nodeB);
  }

  @AfterAll
  static void leave() {
    nodeB.shutdownTestKit();
    nodeA.shutdownTestKit();
  }

  /** Forwards each batch; once it has seen event {@code last}, cancels its subscription normally. */
  static final class CountTo extends Consumer<Long, Void> {
    private final long last;
    private final ActorRef<List<Long>> batches;
    private boolean cancelled;

    CountTo(long last, ActorRef<List<Long>> batches) {
      this.last = last;
      this.batches = batches;
    }

    @Override
    protected void handleEvents(List<Long> events, Subscription from) {
      batches.tell(List.copyOf(events));
      if (!cancelled && events.get(events.size() - 1) >= last) {
        cancelled = true;
        context().cancel(from, CancelReason.NORMAL);
      }
    }
  }

  /**
   * Runs 0 .. EVENTS-1 from node A to node B, each behind a network losing 10%, and returns what the
   * consumer's handler received; fails on a stall.
   */
  private static List<Long> run(Delivery delivery, long seed) throws Exception {
    AtomicInteger droppedAtProducer = new AtomicInteger();
    AtomicInteger droppedAtConsumer = new AtomicInteger();
    var producerSpec = Stages.producer(() -> new Numbers(Long.MAX_VALUE));
    ProducerRef<Long, String> producer = producerSpec.ref(TwoNodesTest.resolve(nodeA, nodeB,
        nodeA.spawn(FlakyNetwork.around(producerSpec.behavior(), seed, 0.1, droppedAtProducer))));
    TestProbe<List<Long>> batches = nodeB.createTestProbe();
    var consumerSpec = Stages.consumer(() -> new CountTo(EVENTS - 1, batches.getRef()),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withRemoteDemand(1000, 500).withDelivery(delivery)));
    ConsumerRef<Long, Void> consumer = consumerSpec.ref(
        nodeB.spawn(FlakyNetwork.around(consumerSpec.behavior(), seed + 1, 0.1, droppedAtConsumer)));
    var completion = GenStage.completion(nodeB.system(), consumer);

    List<Long> received = new ArrayList<>();
    while (received.isEmpty() || received.get(received.size() - 1) < EVENTS - 1) {
      received.addAll(batches.receiveMessage(Duration.ofSeconds(10))); // a stall fails here
    }
    // The cancel and its answer crossed the same network: the consumer's end is still the normal one.
    assertEquals(CancelReason.NORMAL, completion.toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertTrue(droppedAtProducer.get() > 10 && droppedAtConsumer.get() > 10,
        "lost on the way to the producer " + droppedAtProducer + ", to the consumer " + droppedAtConsumer);
    return received;
  }

  @Test
  void atMostOnceARunLosingTenPercentOfItsMessagesGoesOnToItsEndWithoutDuplicates() throws Exception {
    List<Long> received = run(Delivery.AT_MOST_ONCE, 1);

    for (int i = 1; i < received.size(); i++) {
      assertTrue(received.get(i) > received.get(i - 1),
          "in order, without duplicates: " + received.get(i - 1) + " then " + received.get(i));
    }
    assertTrue(received.size() < EVENTS, "at most once: lost batches are skipped, got " + received.size());
  }

  @Test
  void atLeastOnceEveryEventReachesTheHandlerOnceAndInOrder() throws Exception {
    List<Long> received = run(Delivery.AT_LEAST_ONCE, 3);

    assertEquals(EVENTS, received.size(), "each event once: what was sent again and had arrived is dropped");
    for (int i = 0; i < EVENTS; i++) {
      assertEquals(i, received.get(i));
    }
  }
}
