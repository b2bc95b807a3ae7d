package io.genstage.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.genstage.CallFrom;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.GenStage;
import io.genstage.Producer;
import io.genstage.ProducerRef;
import io.genstage.StageExitException;
import io.genstage.StageKind;
import io.genstage.StageSpec;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.fixtures.BatchForwarder;
import io.genstage.observe.StageStats;
import io.genstage.observe.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A producer on node A and its consumer on node B, two ActorSystems in one JVM joined as a cluster
 * over Artery on loopback: events keep their order and types, reasons and failures cross, calls
 * are answered.
 */
class TwoNodesTest {
  /** Logs are printed only for a failing test. */
  @org.junit.jupiter.api.extension.RegisterExtension
  static final io.genstage.testing.LogCapturing logs = new io.genstage.testing.LogCapturing();

  static final Config NODE = ConfigFactory.parseString("""
      akka.actor.provider = cluster
      akka.remote.artery.canonical.hostname = 127.0.0.1
      akka.remote.artery.canonical.port = 0
      akka.cluster.jmx.multi-mbeans-in-same-jvm = on
      akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off
      """);
  static ActorTestKit nodeA;
  static ActorTestKit nodeB;

  @BeforeAll
  static void joinTheCluster() {
    nodeA = node();
    nodeB = node();
    join(nodeA, nodeB);
  }

  /** A node of the test cluster: an ActorSystem on 127.0.0.1, any free port. */
  static ActorTestKit node() {
    return ActorTestKit.create("GenStageCluster", NODE.withFallback(ConfigFactory.load()));
  }

  /** A node that keeps running when it is downed, as a node cut off by a crash or a partition would. */
  static ActorTestKit nodeThatOutlivesItsDown() {
    return ActorTestKit.create("GenStageCluster", ConfigFactory.parseString(
        "akka.cluster.run-coordinated-shutdown-when-down = off").withFallback(NODE).withFallback(ConfigFactory.load()));
  }

  /** Joins the nodes into a cluster, the first one first, and waits until each sees all up. */
  static void join(ActorTestKit... nodes) {
    List<Cluster> clusters = java.util.Arrays.stream(nodes).map(n -> Cluster.get(n.system())).toList();
    akka.actor.Address first = clusters.get(0).selfMember().address();
    clusters.forEach(c -> c.manager().tell(Join.create(first)));
    TestProbe<Object> probe = nodes[0].createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(20), () -> {
      for (Cluster c : clusters) {
        assertEquals(nodes.length, c.state().members().size());
        c.state().getMembers().forEach(m -> assertEquals(MemberStatus.up(), m.status()));
      }
      return null;
    });
  }

  /** {@code ref} of node {@code from} as node {@code to} sees it. */
  static <T> ActorRef<T> resolve(ActorTestKit from, ActorTestKit to, ActorRef<T> ref) {
    String path = ActorRefResolver.get(from.system()).toSerializationFormat(ref);
    return ActorRefResolver.get(to.system()).resolveActorRef(path);
  }

  @AfterAll
  static void leave() {
    nodeB.shutdownTestKit();
    nodeA.shutdownTestKit();
  }

  /** {@code ref} as node B sees it: resolved from its serialized form, as a message would carry it. */
  static <T> ActorRef<T> onB(ActorRef<T> ref) {
    return resolve(nodeA, nodeB, ref);
  }

  /** Spawns {@code spec} on node A; returns its reference as node B sees it. */
  static <R extends io.genstage.StageRef<C>, C> R spawnOnA(StageSpec<R, C> spec) {
    return spec.ref(onB(nodeA.spawn(spec.behavior())));
  }

  /** Emits 0 .. count-1 as demanded (as Longs, a type JSON would lose), then drains and stops. */
  static final class Numbers extends Producer<Long, String> {
    private final long count;
    private long next;

    Numbers(long count) {
      this.count = count;
    }

    @Override
    protected List<Long> handleDemand(long demand) {
      List<Long> out = new ArrayList<>();
      while (out.size() < demand && next < count) {
        out.add(next++);
      }
      if (next == count) {
        context().stopWhenDrained(CancelReason.NORMAL, Duration.ofSeconds(10));
      }
      return out;
    }

    @Override
    protected List<Long> handleCall(String request, CallFrom from) {
      context().reply(from, request + ": " + next + " of " + count);
      return List.of();
    }

    @Override
    protected List<Long> handleCast(String command) {
      throw new IllegalStateException(command);
    }
  }

  @Test
  void eventsCrossInOrderAndTheNormalEndReachesTheConsumer() throws Exception {
    ProducerRef<Long, String> producer = spawnOnA(Stages.producer(() -> new Numbers(10_000)));
    TestProbe<List<Long>> batches = nodeB.createTestProbe();
    var consumerSpec = Stages.consumer(() -> new BatchForwarder<Long>(batches.getRef()),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withMaxDemand(500)));
    var consumer = consumerSpec.ref(nodeB.spawn(consumerSpec.behavior()));
    var completion = GenStage.completion(nodeB.system(), consumer);

    List<Long> received = new ArrayList<>();
    while (received.size() < 10_000) {
      received.addAll(batches.receiveMessage(Duration.ofSeconds(10)));
    }
    for (int i = 0; i < received.size(); i++) {
      assertEquals((long) i, received.get(i));
    }
    // NORMAL came in the producer's cancel: without a wire form it would be a DOWN with TERMINATED.
    assertEquals(CancelReason.NORMAL, completion.toCompletableFuture().get(10, TimeUnit.SECONDS));
  }

  /** A producer that has nothing to emit: its consumer's demand stays outstanding. */
  static final class Idle extends Producer<Long, Void> {
    @Override
    protected List<Long> handleDemand(long demand) {
      return List.of();
    }
  }

  @Test
  void aStageOnAnotherNodeAnswersWithItsStatsAndAWalkCrossesNodes() throws Exception {
    ProducerRef<Long, Void> producer = spawnOnA(Stages.producer(Idle::new));
    var consumerSpec = Stages.consumer(() -> new BatchForwarder<Long>(nodeB.<List<Long>>createTestProbe().getRef()),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withDemand(10, 5)));
    var consumer = consumerSpec.ref(nodeB.spawn(consumerSpec.behavior()));
    nodeB.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
      StageStats seenFromB = GenStage.stats(nodeB.system(), producer).toCompletableFuture().join();
      assertEquals(1, seenFromB.consumers().size());
      assertEquals(consumer.actor(), seenFromB.consumers().get(0).peer());
      assertEquals(10, seenFromB.consumers().get(0).pendingDemand());
      return null;
    });

    Topology topology = Topology.walk(nodeB.system(), List.of(consumer)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of(consumer.actor(), producer.actor()), topology.stages().stream().map(StageStats::stage).toList());
    assertEquals(List.of(), List.copyOf(topology.unknown()));
    StageStats remote = topology.stages().get(1);
    assertEquals(StageKind.PRODUCER, remote.kind());
    assertEquals(producer.actor().path().toStringWithoutAddress(), remote.stage().path().toStringWithoutAddress());
    assertEquals(producer.actor().path().address(), remote.stage().path().address()); // resolved on node B
    assertEquals(topology.stages().get(0).producers().get(0).tag(), remote.consumers().get(0).tag());
    assertEquals(null, remote.consumers().get(0).askMode());
    GenStage.stop(nodeB.system(), consumer, CancelReason.NORMAL).toCompletableFuture().get(10, TimeUnit.SECONDS);
    GenStage.stop(nodeB.system(), producer, CancelReason.NORMAL).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aCallIsAnsweredAcrossNodes() throws Exception {
    ProducerRef<Long, String> producer = spawnOnA(Stages.producer(() -> new Numbers(5)));
    var seenFromB = producer;

    String answer = GenStage.<String, String>call(nodeB.system(), seenFromB, "where").toCompletableFuture()
        .get(10, TimeUnit.SECONDS);

    assertEquals("where: 0 of 5", answer);
    assertEquals(0, GenStage.estimateBufferedCount(nodeB.system(), seenFromB).toCompletableFuture().get(10, TimeUnit.SECONDS));
  }

  @Test
  void aFailureReachesTheRemoteConsumerAsItsClassAndMessage() throws Exception {
    ProducerRef<Long, String> producer = spawnOnA(Stages.producer(() -> new Numbers(Long.MAX_VALUE)));
    TestProbe<List<Long>> batches = nodeB.createTestProbe();
    var consumerSpec = Stages.consumer(() -> new BatchForwarder<Long>(batches.getRef()),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withMaxDemand(10).withCancel(CancelMode.TRANSIENT)));
    var consumer = consumerSpec.ref(nodeB.spawn(consumerSpec.behavior()));
    var completion = GenStage.completion(nodeB.system(), consumer).toCompletableFuture();
    batches.receiveMessage(Duration.ofSeconds(10));

    GenStage.cast(producer, "input file missing");

    var failed = assertThrows(ExecutionException.class, () -> completion.get(10, TimeUnit.SECONDS));
    var exit = assertInstanceOf(StageExitException.class, failed.getCause());
    var remote = assertInstanceOf(RemoteFailureException.class, exit.getCause());
    assertEquals("java.lang.IllegalStateException", remote.className());
    assertEquals("input file missing", remote.originalMessage());
  }

  @Test
  void aSelectorCannotCrossNodesAndTheSubscribeSaysSo() throws Exception {
    ProducerRef<Long, String> producer = spawnOnA(Stages.producer(() -> new Numbers(5)));
    TestProbe<List<Long>> batches = nodeB.createTestProbe();
    var consumerSpec = Stages.consumer(() -> new BatchForwarder<Long>(batches.getRef()));
    var consumer = consumerSpec.ref(nodeB.spawn(consumerSpec.behavior()));

    var refused = assertThrows(ExecutionException.class, () -> GenStage.subscribe(nodeB.system(), consumer, producer,
        SubscribeOptions.defaults().withSelector((Long n) -> n % 2 == 0)).toCompletableFuture().get(10, TimeUnit.SECONDS));

    var error = assertInstanceOf(IllegalArgumentException.class, refused.getCause());
    assertEquals("stage " + consumer.actor().path() + " cannot subscribe with a selector to [" + producer.actor()
        + "] on another node: a function cannot cross nodes", error.getMessage());
    // Without it the same subscription works.
    GenStage.subscribe(nodeB.system(), consumer, producer).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), batches.receiveMessage(Duration.ofSeconds(10)));
  }

  @Test
  void aConsumerFindsAProducerOnAnotherNodeByKey() {
    ProducerKey<Long> key = ProducerKey.of("numbers");
    var spec = Stages.producer(() -> new Numbers(1000));
    var onA = nodeA.spawn(spec.behavior());
    StageDiscovery.register(nodeA.system(), key, spec.ref(onA));
    TestProbe<List<Long>> batches = nodeB.createTestProbe();
    var consumerSpec = Stages.consumer(() -> new BatchForwarder<Long>(batches.getRef()));
    var consumer = consumerSpec.ref(nodeB.spawn(consumerSpec.behavior()));

    StageDiscovery.subscribe(nodeB.system(), key, consumer, SubscribeOptions.defaults().withMaxDemand(100));

    List<Long> received = new ArrayList<>();
    while (received.size() < 1000) {
      received.addAll(batches.receiveMessage(Duration.ofSeconds(15)));
    }
    assertEquals(999L, received.get(999));
  }

  /** An event type nobody bound to a serializer. */
  record Point(int x, int y) {}

  /** Emits Points as demanded. */
  static final class Points extends Producer<Point, Void> {
    private int next;

    @Override
    protected List<Point> handleDemand(long demand) {
      List<Point> out = new ArrayList<>();
      for (long i = 0; i < demand; i++) {
        out.add(new Point(next, next++));
      }
      return out;
    }
  }

  @Test
  void anEventTypeWithNoSerializerFailsTheSubscriptionNamingTheTypeAndTheFix() {
    var producer = spawnOnA(Stages.producer(Points::new));
    TestProbe<List<Point>> batches = nodeB.createTestProbe();
    var consumerSpec = Stages.consumer(() -> new BatchForwarder<Point>(batches.getRef()), SubscribeTo.of(producer));
    var consumer = consumerSpec.ref(nodeB.spawn(consumerSpec.behavior()));
    var completion = GenStage.completion(nodeB.system(), consumer).toCompletableFuture();

    var failed = assertThrows(ExecutionException.class, () -> completion.get(10, TimeUnit.SECONDS));
    var remote = assertInstanceOf(RemoteFailureException.class, failed.getCause().getCause());
    assertEquals("java.io.NotSerializableException", remote.className());
    assertEquals("no serializer for [" + Point.class.getName() + "]: bind it in akka.actor.serialization-bindings,"
        + " for example to jackson-cbor (see docs/cluster.md)", remote.originalMessage());
    batches.expectNoMessage(Duration.ofMillis(100));
  }
}
