package io.genstage.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.Address;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Down;
import io.genstage.CancelMode;
import io.genstage.Delivery;
import io.genstage.Producer;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.supervisor.ChildSpec;
import io.genstage.supervisor.DynamicSupervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker pool's guarantee across nodes: DynamicSupervisors on nodes B and C subscribed to a
 * producer on node A at least once with explicit acknowledgement. Node C is lost while children
 * of its run: the jobs they had not finished go to node B, and every job is done exactly once.
 */
class SupervisorAcrossNodesTest {
  @org.junit.jupiter.api.extension.RegisterExtension
  static final io.genstage.testing.LogCapturing logs = new io.genstage.testing.LogCapturing();

  private static final long JOBS = 200;
  private static final SubscribeOptions<Object> ACKNOWLEDGE_ON_EXIT = SubscribeOptions.defaults().withMaxDemand(10)
      .withDelivery(Delivery.AT_LEAST_ONCE_REDELIVERED).withExplicitAcknowledgement().withCancel(CancelMode.TEMPORARY);
  private static ActorTestKit nodeA;
  private static ActorTestKit nodeB;
  private static ActorTestKit nodeC;

  @BeforeAll
  static void joinTheCluster() {
    nodeA = TwoNodesTest.node();
    nodeB = TwoNodesTest.node();
    nodeC = TwoNodesTest.nodeThatOutlivesItsDown();
    TwoNodesTest.join(nodeA, nodeB, nodeC);
  }

  @AfterAll
  static void leave() {
    nodeC.shutdownTestKit();
    nodeB.shutdownTestKit();
    nodeA.shutdownTestKit();
  }

  /** Jobs 0 .. JOBS-1 as demanded, then nothing. */
  static final class Jobs extends Producer<Long, Void> {
    private long next;

    @Override
    protected List<Long> handleDemand(long demand) {
      List<Long> out = new ArrayList<>();
      while (out.size() < demand && next < JOBS) {
        out.add(next++);
      }
      return out;
    }
  }

  /** A job's child: tells {@code started} its job, then finishes at once when it may, or never. */
  static Behavior<Void> job(long job, ActorRef<Long> started, boolean finishes) {
    return Behaviors.setup(ctx -> {
      started.tell(job);
      return finishes ? Behaviors.stopped() : Behaviors.empty();
    });
  }

  @Test
  void theJobsOfANodeLostWhileItsChildrenRanAreDoneOnAnotherNode() {
    var producerSpec = Stages.producer(Jobs::new);
    var onA = nodeA.spawn(producerSpec.behavior());
    ProducerRef<Long, Void> seenFromB = producerSpec.ref(TwoNodesTest.resolve(nodeA, nodeB, onA));
    ProducerRef<Long, Void> seenFromC = producerSpec.ref(TwoNodesTest.resolve(nodeA, nodeC, onA));

    // On C, jobs 0 to 4 finish; the five slots they free bring jobs 10 to 14; 5 to 14 never finish.
    TestProbe<Long> startedOnC = nodeC.createTestProbe();
    nodeC.spawn(DynamicSupervisor.create(ChildSpec.of((Long job) -> job(job, startedOnC.getRef(), job < 5)),
        SubscribeTo.of(seenFromC, ACKNOWLEDGE_ON_EXIT)).behavior());
    TreeSet<Long> onC = new TreeSet<>();
    for (int i = 0; i < 15; i++) {
      onC.add(startedOnC.receiveMessage(Duration.ofSeconds(10)));
    }
    assertEquals(LongStream.range(0, 15).boxed().toList(), new ArrayList<>(onC));

    TestProbe<Long> doneOnB = nodeB.createTestProbe();
    nodeB.spawn(DynamicSupervisor.create(ChildSpec.of((Long job) -> job(job, doneOnB.getRef(), true)),
        SubscribeTo.of(seenFromB, ACKNOWLEDGE_ON_EXIT)).behavior());
    List<Long> onB = new ArrayList<>();
    while (onB.size() < JOBS - 15) {
      onB.add(doneOnB.receiveMessage(Duration.ofSeconds(10)));
    }

    Address c = Cluster.get(nodeC.system()).selfMember().address();
    Cluster.get(nodeA.system()).manager().tell(new Down(c));
    for (int i = 0; i < 10; i++) {
      onB.add(doneOnB.receiveMessage(Duration.ofSeconds(20))); // the jobs C had not finished
    }

    TreeSet<Long> done = new TreeSet<>(onB);
    assertEquals(onB.size(), done.size(), "each job reached B once");
    done.addAll(List.of(0L, 1L, 2L, 3L, 4L)); // finished on C
    assertEquals(LongStream.range(0, JOBS).boxed().toList(), new ArrayList<>(done));
    doneOnB.expectNoMessage(Duration.ofMillis(200));
  }
}
