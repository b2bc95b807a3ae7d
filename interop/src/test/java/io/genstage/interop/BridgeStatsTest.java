package io.genstage.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.stream.javadsl.Source;
import akka.stream.testkit.TestSubscriber;
import akka.stream.testkit.javadsl.TestSink;
import io.genstage.ConsumerRef;
import io.genstage.GenStage;
import io.genstage.ProducerRef;
import io.genstage.StageKind;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.dispatch.DemandDispatcher;
import io.genstage.fixtures.BatchForwarder;
import io.genstage.fixtures.Emit;
import io.genstage.fixtures.Told;
import io.genstage.observe.StageStats;
import io.genstage.observe.SubscriptionStats;
import io.genstage.observe.Topology;
import io.genstage.testing.StageTestKit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Akka Streams bridges answer {@code GenStage.stats} as the stages they stand for, so a walk
 * draws them as what they are instead of waiting for them.
 */
class BridgeStatsTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  private static Topology walk(io.genstage.StageRef<?> root) {
    return Topology.walk(testKit.system(), List.of(root)).toCompletableFuture().join();
  }

  @Test
  void aStageSourceIsAConsumerWithItsSubscriptionAndWhatWaitsForDownstream() {
    ProducerRef<Integer, Emit<Integer>> producer = kit.spawn(Stages.producer(Told<Integer>::new));
    TestSubscriber.Probe<Integer> downstream = StageSource.<Integer>from(producer,
            SubscribeOptions.defaults().withDemand(10, 5))
        .runWith(TestSink.probe(testKit.system().classicSystem()), testKit.system());
    downstream.request(2);
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(1, GenStage.stats(testKit.system(), producer).toCompletableFuture().join().consumers().size());
      return null;
    });
    GenStage.cast(producer, new Emit<>(List.of(1, 2, 3)));
    downstream.expectNext(1, 2);

    Topology topology = walk(producer);
    assertEquals(List.of(), List.copyOf(topology.unknown()));
    assertEquals(2, topology.stages().size());
    StageStats bridge = topology.stages().get(1);
    assertEquals(StageKind.CONSUMER, bridge.kind());
    assertEquals(1, bridge.queuedInput()); // 3 waits for downstream's pull
    assertEquals(3, bridge.eventsIn());
    SubscriptionStats up = bridge.producers().get(0);
    assertEquals(producer.actor(), up.peer());
    assertEquals(7, up.pendingDemand());
    assertEquals(10, up.maxDemand());
    assertEquals(5, up.minDemand());
    assertEquals(3, up.events());
    downstream.cancel();
  }

  @Test
  void aSinkAsProducerIsAProducerWithItsConsumersAndWhatTheyAskedAndGot() {
    ProducerRef<Integer, Void> sink = Source.from(List.of(1, 2, 3, 4, 5)).concat(Source.never())
        .runWith(StageSink.asProducer(DemandDispatcher.<Integer>factory(), OnCancel.STOP, testKit.system()),
            testKit.system());
    TestProbe<List<Integer>> received = testKit.createTestProbe();
    ConsumerRef<Integer, Void> consumer = kit.spawn(Stages.consumer(() -> new BatchForwarder<Integer>(received.getRef()),
        SubscribeTo.of(sink, SubscribeOptions.defaults().withDemand(2, 1))));
    int got = 0;
    while (got < 5) {
      got += received.receiveMessage().size();
    }

    Topology topology = walk(consumer);
    assertEquals(List.of(), List.copyOf(topology.unknown()));
    StageStats bridge = topology.stages().get(1);
    assertEquals(sink.actor(), bridge.stage());
    assertEquals(StageKind.PRODUCER, bridge.kind());
    SubscriptionStats down = bridge.consumers().get(0);
    assertEquals(consumer.actor(), down.peer());
    assertEquals(2, down.maxDemand());
    assertEquals(2, down.pendingDemand()); // asked for 7 in all, sent 5
    assertEquals(5, down.events());
    assertEquals(5, bridge.eventsOut());
    assertEquals(0, bridge.buffered());
    assertEquals(topology.stages().get(0).producers().get(0).tag(), down.tag());
  }
}
