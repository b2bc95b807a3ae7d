package io.genstage.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.genstage.ConsumerRef;
import io.genstage.GenStage;
import io.genstage.ProducerConsumerOptions;
import io.genstage.ProducerConsumerRef;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.StageRef;
import io.genstage.StageSpec;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.fixtures.Emit;
import io.genstage.fixtures.AskWhenTold;
import io.genstage.fixtures.Told;
import io.genstage.fixtures.Twice;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Topology}: a walk finds every stage of a known pipeline, and its DOT and Mermaid text is
 * exactly the expected picture.
 */
class TopologyTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  static ProducerRef<Integer, Emit<Integer>> numbers;
  static ProducerConsumerRef<Integer, Integer, Void> twice;
  static ConsumerRef<Integer, Long> printer;

  private static <R extends StageRef<C>, C> R spawn(StageSpec<R, C> spec, String name) {
    return spec.ref(testKit.spawn(spec.behavior(), name));
  }

  private static StageStats stats(StageRef<?> stage) {
    return GenStage.stats(testKit.system(), stage).toCompletableFuture().join();
  }

  /** numbers -> twice -> printer, with 3 events through and 3 left in twice's buffer. */
  @BeforeAll
  static void pipeline() {
    TestProbe<List<Integer>> received = testKit.createTestProbe();
    numbers = spawn(Stages.producer(Told<Integer>::new, ProducerOptions.defaults().withBufferSize(10)), "numbers");
    twice = spawn(Stages.producerConsumer(Twice<Integer>::new, ProducerConsumerOptions.defaults().withBufferSize(10),
        SubscribeTo.of(numbers, SubscribeOptions.defaults().withDemand(10, 5))), "twice");
    printer = spawn(Stages.consumer(() -> new AskWhenTold<Integer>(received.getRef()),
        SubscribeTo.of(twice, SubscribeOptions.defaults().withDemand(4, 2))), "printer");
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(1, stats(twice).consumers().size());
      assertEquals(1, stats(numbers).consumers().size());
      return null;
    });
    GenStage.cast(printer, 3L);
    GenStage.cast(numbers, new Emit<>(List.of(1, 2, 3)));
    assertEquals(List.of(1, 1, 2), received.receiveMessage());
  }

  private static Topology walkFrom(StageRef<?> root) {
    return Topology.walk(testKit.system(), List.of(root)).toCompletableFuture().join();
  }

  @Test
  void aWalkFromTheProducerFindsThePipelineAndDrawsItAsDot() {
    Topology topology = walkFrom(numbers);
    assertEquals(List.of(numbers.actor(), twice.actor(), printer.actor()),
        topology.stages().stream().map(StageStats::stage).toList());
    assertEquals(Set.of(), topology.unknown());
    assertEquals("""
        digraph genstage {
          rankdir=LR;
          node [fontname="Helvetica", fontsize=11];
          edge [fontname="Helvetica", fontsize=10];
          n1 [label="numbers\\nproducer\\nbuffered 0 of 10", shape=box];
          n2 [label="twice\\nproducer-consumer\\nbuffered 3 of 10", shape=box, style=rounded];
          n3 [label="printer\\nconsumer", shape=ellipse];
          n1 -> n2 [label="demand 7\\n3 events"];
          n2 -> n3 [label="demand 0\\n3 events"];
        }
        """, topology.toDot());
  }

  @Test
  void aWalkFromAnyStageFindsTheSameStagesInTheOrderMet() {
    assertEquals(List.of(printer.actor(), twice.actor(), numbers.actor()),
        walkFrom(printer).stages().stream().map(StageStats::stage).toList());
  }

  @Test
  void theSamePictureAsMermaid() {
    assertEquals("""
        flowchart LR
          n1["numbers<br/>producer<br/>buffered 0 of 10"]
          n2("twice<br/>producer-consumer<br/>buffered 3 of 10")
          n3(["printer<br/>consumer"])
          n1 -->|"demand 7<br/>3 events"| n2
          n2 -->|"demand 0<br/>3 events"| n3
        """, walkFrom(numbers).toMermaid());
  }

  @Test
  void peersOutsideTheSnapshotsAreDrawnAsNotAStageAndAStalledSubscriptionInRed() {
    StageStats middle = stats(twice);
    SubscriptionStats up = middle.producers().get(0);
    SubscriptionStats stalled = new SubscriptionStats(up.tag(), up.peer(), up.pendingDemand(), up.minDemand(),
        up.maxDemand(), up.askMode(), up.cancelMode(), up.events(), up.lastEvent(), true);
    StageStats withStall = new StageStats(middle.stage(), middle.name(), middle.kind(), List.of(stalled),
        middle.consumers(), middle.bufferSize(), middle.buffered(), middle.bufferHighWaterMark(), middle.discarded(),
        middle.queuedInput(), middle.eventsIn(), middle.eventsOut(), middle.lastEventIn(), middle.lastEventOut());
    Topology topology = Topology.of(List.of(withStall));
    assertEquals(List.of(numbers.actor(), printer.actor()), List.copyOf(topology.unknown()));
    assertEquals("""
        digraph genstage {
          rankdir=LR;
          node [fontname="Helvetica", fontsize=11];
          edge [fontname="Helvetica", fontsize=10];
          n1 [label="twice\\nproducer-consumer\\nbuffered 3 of 10", shape=box, style=rounded];
          n2 [label="numbers\\nnot a stage", shape=plaintext];
          n3 [label="printer\\nnot a stage", shape=plaintext];
          n1 -> n3 [label="demand 0\\n3 events"];
          n2 -> n1 [label="demand 7\\n3 events\\nstalled", color=red, fontcolor=red];
        }
        """, topology.toDot());
    assertEquals("""
        flowchart LR
          n1("twice<br/>producer-consumer<br/>buffered 3 of 10")
          n2{{"numbers<br/>not a stage"}}
          n3{{"printer<br/>not a stage"}}
          n1 -->|"demand 0<br/>3 events"| n3
          n2 -->|"demand 7<br/>3 events<br/>stalled"| n1
          linkStyle 1 stroke:red
        """, topology.toMermaid());
  }

  @Test
  void aPeerThatDoesNotAnswerIsNotAStage() {
    TestProbe<Object> silent = testKit.createTestProbe("silent");
    StageRef<Object> notAStage = silent::getRef;
    Topology topology = Topology.walk(testKit.system(), List.of(notAStage), Duration.ofMillis(200))
        .toCompletableFuture().join();
    assertEquals(List.of(), topology.stages());
    assertEquals(Set.of(silent.getRef()), topology.unknown());
  }

  @Test
  void aWalkWithoutTimeNamesTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Topology.walk(testKit.system(), List.of(numbers), Duration.ZERO));
    assertEquals("timeout must be > 0, got: PT0S", e.getMessage());
  }
}
