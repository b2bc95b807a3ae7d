package io.genstage.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.Address;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Down;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.Consumer;
import io.genstage.Delivery;
import io.genstage.Producer;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.Subscription;
import io.genstage.fixtures.BatchForwarder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A producer on node A with consumers on nodes B and C; node C is lost mid-stream. Its consumer's
 * subscription ends with the reason that names C, node B carries on, and with redelivery chosen the
 * events C had been sent and had not acknowledged reach B.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ThreeNodesTest {
  @org.junit.jupiter.api.extension.RegisterExtension
  static final io.genstage.testing.LogCapturing logs = new io.genstage.testing.LogCapturing();

  private static final long EVENTS = 20_000;
  private static final SubscribeOptions<Object> REDELIVERED = SubscribeOptions.defaults()
      .withRemoteDemand(1000, 500).withDelivery(Delivery.AT_LEAST_ONCE_REDELIVERED).withCancel(CancelMode.TEMPORARY);
  private static ActorTestKit nodeA;
  private static ActorTestKit nodeB;
  private static ActorTestKit nodeC;
  private static final CountDownLatch release = new CountDownLatch(1);

  @BeforeAll
  static void joinTheCluster() {
    nodeA = TwoNodesTest.node();
    nodeB = TwoNodesTest.node();
    nodeC = TwoNodesTest.nodeThatOutlivesItsDown();
    TwoNodesTest.join(nodeA, nodeB, nodeC);
  }

  @AfterAll
  static void leave() {
    release.countDown();
    nodeC.shutdownTestKit();
    nodeB.shutdownTestKit();
    nodeA.shutdownTestKit();
  }

  /** Emits 0 .. EVENTS-1 as demanded, then nothing; tells {@code cancels} of each subscription's end. */
  static final class Finite extends Producer<Long, Void> {
    private final ActorRef<Cancellation> cancels;
    private long next;

    Finite(ActorRef<Cancellation> cancels) {
      this.cancels = cancels;
    }

    @Override
    protected List<Long> handleDemand(long demand) {
      List<Long> out = new ArrayList<>();
      while (out.size() < demand && next < EVENTS) {
        out.add(next++);
      }
      return out;
    }

    @Override
    protected List<Long> handleCancel(Cancellation cancellation, Subscription from) {
      cancels.tell(cancellation);
      return List.of();
    }
  }

  /** Says it got its first batch, then hangs in its callback: nothing it got is acknowledged. */
  static final class Stuck extends Consumer<Long, Void> {
    private final ActorRef<String> got;

    Stuck(ActorRef<String> got) {
      this.got = got;
    }

    @Override
    protected void handleEvents(List<Long> events, Subscription from) {
      got.tell("got " + events.size());
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void aNodeLostMidStreamEndsItsSubscriptionNamingItAndItsUnacknowledgedEventsGoToAnotherNode() {
    TestProbe<Cancellation> cancels = nodeA.createTestProbe();
    var producerSpec = Stages.producer(() -> new Finite(cancels.getRef()));
    var onA = nodeA.spawn(producerSpec.behavior());
    ProducerRef<Long, Void> seenFromB = producerSpec.ref(TwoNodesTest.resolve(nodeA, nodeB, onA));
    ProducerRef<Long, Void> seenFromC = producerSpec.ref(TwoNodesTest.resolve(nodeA, nodeC, onA));

    TestProbe<String> stuck = nodeC.createTestProbe();
    var stuckSpec = Stages.consumer(() -> new Stuck(stuck.getRef()), SubscribeTo.of(seenFromC, REDELIVERED));
    nodeC.spawn(stuckSpec.behavior());
    stuck.expectMessage(Duration.ofSeconds(10), "got 500"); // the first slice of its 1000

    TestProbe<List<Long>> batches = nodeB.createTestProbe();
    var consumerSpec = Stages.consumer(() -> new BatchForwarder<Long>(batches.getRef()), SubscribeTo.of(seenFromB, REDELIVERED));
    nodeB.spawn(consumerSpec.behavior());
    TreeSet<Long> received = new TreeSet<>();
    List<Long> all = new ArrayList<>();
    while (all.size() < EVENTS - 1000) {
      all.addAll(batches.receiveMessage(Duration.ofSeconds(10)));
    }

    Address c = Cluster.get(nodeC.system()).selfMember().address();
    Cluster.get(nodeA.system()).manager().tell(new Down(c));

    Cancellation lost = cancels.receiveMessage(Duration.ofSeconds(20));
    assertEquals(new Cancellation(Cancellation.Kind.DOWN, CancelReason.noConnection(c.toString())), lost);
    while (all.size() < EVENTS) {
      all.addAll(batches.receiveMessage(Duration.ofSeconds(10))); // node B carries on, with C's 1000
    }
    received.addAll(all);
    assertEquals(LongStream.range(0, EVENTS).boxed().toList(), new ArrayList<>(received));
    assertEquals(EVENTS, all.size(), "C handled none of them to the end: each reached B once");
    batches.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void aSubscribeToAStageOnANodeThatLeftEndsNamingTheNodeInsteadOfWaiting() {
    Address c = Cluster.get(nodeC.system()).selfMember().address(); // downed by the test before
    TestProbe<Object> probe = nodeB.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(20), () -> {
      assertEquals(2, Cluster.get(nodeB.system()).state().members().size());
      return null;
    });
    ActorRef<Object> onC = akka.actor.typed.ActorRefResolver.get(nodeB.system()).resolveActorRef(c + "/user/gone");
    ProducerRef<Long, Void> producer = Stages.producer(() -> new Finite(nodeA.<Cancellation>createTestProbe().getRef()))
        .ref(onC.unsafeUpcast());
    TestProbe<Cancellation> ended = nodeB.createTestProbe();
    var consumerSpec = Stages.consumer(() -> new Consumer<Long, Void>() {
      @Override
      protected void handleEvents(List<Long> events, Subscription from) {}

      @Override
      protected void handleCancel(Cancellation cancellation, Subscription from) {
        ended.getRef().tell(cancellation);
      }
    }, SubscribeTo.of(producer, SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY)));
    nodeB.spawn(consumerSpec.behavior());

    assertEquals(new Cancellation(Cancellation.Kind.DOWN, CancelReason.noConnection(c.toString())),
        ended.receiveMessage(Duration.ofSeconds(20)));
  }
}
