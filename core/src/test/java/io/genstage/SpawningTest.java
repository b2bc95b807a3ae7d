package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.dispatch.PartitionDispatcher;
import io.genstage.fixtures.Counter;
import io.genstage.fixtures.RecordingConsumer;
import io.genstage.supervisor.ChildSpec;
import io.genstage.supervisor.DynamicSupervisor;
import io.genstage.supervisor.Restart;
import io.genstage.supervisor.SupervisorOptions;
import io.genstage.testing.StageTestKit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stages started from an actor system, as replicas, and with subscriptions given as collections. */
class SpawningTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  /** What a recorder tells: which consumer got which batch. */
  record Got(ActorRef<?> consumer, List<Integer> events) {}

  private final TestProbe<Got> got = testKit.createTestProbe();

  private StageSpec<ConsumerRef<Integer, Void>, Void> recorder(List<SubscribeTo<Integer>> subscribeTo) {
    ActorRef<Got> report = got.getRef();
    return Stages.consumer(() -> new RecordingConsumer<Integer, Void, Got>(report, false,
        (from, events) -> new Got(from.consumer(), events), null), subscribeTo);
  }

  /** Stops the endless counters, and with them their (permanent) consumers. */
  private static void stop(StageRef<?>... counters) throws Exception {
    for (StageRef<?> c : counters) {
      GenStage.stop(testKit.system(), c, CancelReason.NORMAL).toCompletableFuture().get(3, TimeUnit.SECONDS);
    }
  }

  @Test
  void aStageSpawnedFromTheSystemRunsWithNoGuardianOfItsOwn() throws Exception {
    ProducerRef<Integer, Void> counter = Stages.producer(() -> new Counter(0)).spawn(testKit.system(), "spawning-counter");
    assertEquals("/system/spawning-counter", counter.actor().path().toStringWithoutAddress());
    ConsumerRef<Integer, Void> consumer = recorder(List.of()).spawn(testKit.system(), "spawning-consumer");
    GenStage.subscribe(testKit.system(), consumer, counter, SubscribeOptions.defaults().withDemand(3, 0))
        .toCompletableFuture().get(3, TimeUnit.SECONDS);
    assertEquals(new Got(consumer.actor(), List.of(0, 1, 2)), got.receiveMessage());
    stop(counter);
  }

  @Test
  void aCollectionOfSubscriptionsIsMadeAtStartInOrder() throws Exception {
    ProducerRef<Integer, Void> low = kit.spawn(Stages.producer(() -> new Counter(0)));
    ProducerRef<Integer, Void> high = kit.spawn(Stages.producer(() -> new Counter(1000)));
    kit.spawn(recorder(SubscribeTo.all(List.of(low, high), SubscribeOptions.defaults().withDemand(2, 0))));
    Set<Boolean> fromHigh = new HashSet<>();
    for (int i = 0; i < 100 && fromHigh.size() < 2; i++) {
      fromHigh.add(got.receiveMessage().events().get(0) >= 1000);
    }
    assertEquals(Set.of(false, true), fromHigh, "batches from both producers");
    stop(low, high);
  }

  @Test
  void aSupervisorTakesItsSubscriptionsAsACollectionAndStartsAChildPerEvent() throws Exception {
    ProducerRef<Integer, Void> counter = kit.spawn(Stages.producer(() -> new Counter(0)));
    TestProbe<Integer> started = testKit.createTestProbe();
    ActorRef<Integer> report = started.getRef();
    ConsumerRef<Integer, DynamicSupervisor.Command> supervisor = kit.spawn(DynamicSupervisor.create(
        ChildSpec.of((Integer n) -> Behaviors.setup(ctx -> {
          report.tell(n);
          return Behaviors.empty(); // stays: its demand slot stays taken
        })),
        SupervisorOptions.defaults(),
        SubscribeTo.all(List.of(counter), SubscribeOptions.defaults().withDemand(2, 1))));
    // maxDemand 2: two children, started side by side, so their numbers come in either order.
    assertEquals(Set.of(0, 1), Set.of(started.receiveMessage(), started.receiveMessage()));
    IllegalArgumentException permanent = assertThrows(IllegalArgumentException.class, () -> DynamicSupervisor.create(
        ChildSpec.of((Integer n) -> Behaviors.empty()).withRestart(Restart.PERMANENT), SupervisorOptions.defaults(),
        SubscribeTo.all(List.of(counter), SubscribeOptions.defaults())));
    assertTrue(permanent.getMessage().startsWith("children started per event cannot be PERMANENT"), permanent.getMessage());
    stop(counter, supervisor);
  }

  @Test
  void replicasAreNamedByIndexAndShareTheirProducerByDemand() throws Exception {
    ProducerRef<Integer, Void> counter = kit.spawn(Stages.producer(() -> new Counter(0)));
    List<ConsumerRef<Integer, Void>> replicas = recorder(
        List.of(SubscribeTo.of(counter, SubscribeOptions.defaults().withDemand(5, 0))))
        .spawnReplicas(testKit.system(), "spawning-replica", 3);
    assertEquals(List.of("spawning-replica-0", "spawning-replica-1", "spawning-replica-2"),
        replicas.stream().map(r -> r.actor().path().name()).toList());
    Set<ActorRef<?>> fed = new HashSet<>();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 300 && fed.size() < 3; i++) {
      Got g = got.receiveMessage();
      fed.add(g.consumer());
      assertTrue(g.events().stream().allMatch(seen::add), "no event twice: " + g);
    }
    assertEquals(Set.copyOf(replicas.stream().map(StageRef::actor).toList()), fed);
    stop(counter);
  }

  @Test
  void lessThanOneReplicaIsRefusedNamingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> recorder(List.of()).spawnReplicas(testKit.system(), "none", 0));
    assertEquals("expected replicas to be at least 1, got: 0", e.getMessage());
  }

  @Test
  void subscribePartitionsGivesEachReplicaItsOwnPartitionSoEveryKeyLandsInExactlyOne() throws Exception {
    ProducerRef<Integer, Void> counter = kit.spawn(Stages.producer(() -> new Counter(0),
        ProducerOptions.<Integer>defaults().withDispatcher(PartitionDispatcher.factory(3, e -> e % 3))));
    List<ConsumerRef<Integer, Void>> replicas = recorder(List.of()).spawnReplicas(testKit.system(), "spawning-partition", 3);
    List<Subscription> subscriptions = GenStage.subscribePartitions(testKit.system(), replicas, counter,
        SubscribeOptions.defaults().withDemand(4, 0)).toCompletableFuture().get(3, TimeUnit.SECONDS);
    assertEquals(replicas.stream().map(StageRef::actor).toList(),
        subscriptions.stream().map(Subscription::consumer).toList());
    Map<ActorRef<?>, Integer> partitionOf = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      partitionOf.put(replicas.get(i).actor(), i);
    }
    Set<Integer> fed = new HashSet<>();
    for (int i = 0; i < 300 && fed.size() < 3; i++) {
      Got g = got.receiveMessage();
      int partition = partitionOf.get(g.consumer());
      assertTrue(g.events().stream().allMatch(e -> e % 3 == partition), "partition " + partition + " got " + g);
      fed.add(partition);
    }
    assertEquals(Set.of(0, 1, 2), fed);
    stop(counter);
  }
}
