package io.genstage.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.Address;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Down;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.GenStage;
import io.genstage.Producer;
import io.genstage.StageExitException;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.fixtures.BatchForwarder;
import io.genstage.testing.LogCapturing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node lost mid-stream: the subscriptions to its stages end with a reason that says so. */
class NodeLossTest {
  @RegisterExtension static final LogCapturing logs = new LogCapturing();

  static ActorTestKit nodeA;
  static ActorTestKit nodeB;

  @BeforeAll
  static void joinTheCluster() {
    // Node A keeps running when it is downed, as a node cut off by a crash or a partition would:
    // its stages never get to send their SHUTDOWN.
    nodeA = TwoNodesTest.nodeThatOutlivesItsDown();
    nodeB = TwoNodesTest.node();
    TwoNodesTest.join(nodeA, nodeB);
  }

  @AfterAll
  static void shutdown() {
    nodeB.shutdownTestKit();
    nodeA.shutdownTestKit();
  }

  /** Emits what it is told, nothing more. */
  static final class Emitter extends Producer<Long, List<Long>> {
    @Override
    protected List<Long> handleDemand(long demand) {
      return List.of();
    }

    @Override
    protected List<Long> handleCast(List<Long> events) {
      return events;
    }
  }

  @Test
  void aConsumerWhoseProducersNodeIsDownedEndsWithNoConnectionNamingTheNode() {
    var spec = Stages.producer(Emitter::new);
    var onA = nodeA.spawn(spec.behavior());
    var producer = spec.ref(TwoNodesTest.resolve(nodeA, nodeB, onA));
    TestProbe<List<Long>> batches = nodeB.createTestProbe();
    var consumerSpec = Stages.consumer(() -> new BatchForwarder<Long>(batches.getRef()),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withMaxDemand(10).withCancel(CancelMode.TRANSIENT)));
    var consumer = consumerSpec.ref(nodeB.spawn(consumerSpec.behavior()));
    var completion = GenStage.completion(nodeB.system(), consumer).toCompletableFuture();
    // Two of the ten asked for: the consumer waits for eight and repeats its demand every second.
    // Node A, cut off and still running, loses the consumer too and does not answer those repeats.
    GenStage.cast(spec.ref(onA), List.of(1L, 2L));
    assertEquals(List.of(1L, 2L), batches.receiveMessage(Duration.ofSeconds(10)));

    Address a = Cluster.get(nodeA.system()).selfMember().address();
    Cluster.get(nodeB.system()).manager().tell(new Down(a));

    // Abnormal, so the transient consumer fails with it.
    var failed = assertThrows(ExecutionException.class, () -> completion.get(20, TimeUnit.SECONDS));
    var exit = assertInstanceOf(StageExitException.class, failed.getCause());
    assertEquals(CancelReason.noConnection(a.toString()), exit.reason());
  }
}
