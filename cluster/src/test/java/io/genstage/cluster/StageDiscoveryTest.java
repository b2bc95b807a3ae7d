package io.genstage.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.GenStage;
import io.genstage.Producer;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.fixtures.BatchForwarder;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On one node: a consumer subscribed to a key follows the producers listed under it. */
class StageDiscoveryTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  /** Emits the events it is told, as its consumers ask. */
  static final class Emitter extends Producer<String, List<String>> {
    @Override
    protected List<String> handleDemand(long demand) {
      return List.of();
    }

    @Override
    protected List<String> handleCast(List<String> events) {
      return events;
    }
  }

  private static final SubscribeOptions<Object> TRANSIENT = SubscribeOptions.defaults().withCancel(CancelMode.TRANSIENT);

  /** Receives batches until {@code count} events arrived; returns them as a set. */
  private static Set<String> receive(TestProbe<List<String>> batches, int count) {
    Set<String> received = new HashSet<>();
    int seen = 0;
    while (seen < count) {
      List<String> batch = batches.receiveMessage(Duration.ofSeconds(10));
      received.addAll(batch);
      seen += batch.size();
    }
    return received;
  }

  @Test
  void aConsumerWaitsForTheFirstProducerThenFollowsEveryOneListedUnderTheKey() {
    ProducerKey<String> key = ProducerKey.of("words-" + System.nanoTime());
    TestProbe<List<String>> batches = testKit.createTestProbe();
    var consumer = kit.spawn(Stages.consumer(() -> new BatchForwarder<String>(batches.getRef())));
    StageDiscovery.subscribe(testKit.system(), key, consumer, TRANSIENT);
    batches.expectNoMessage(Duration.ofMillis(100)); // none listed: it waits

    ProducerRef<String, List<String>> first = kit.spawn(Stages.producer(Emitter::new));
    GenStage.cast(first, List.of("a1", "a2"));
    StageDiscovery.register(testKit.system(), key, first);
    assertEquals(Set.of("a1", "a2"), receive(batches, 2));

    ProducerRef<String, List<String>> second = kit.spawn(Stages.producer(Emitter::new));
    GenStage.cast(second, List.of("b1"));
    StageDiscovery.register(testKit.system(), key, second);
    assertEquals(Set.of("b1"), receive(batches, 1));

    // A producer that ends leaves the listing; the transient consumer carries on with the other,
    // and subscribes to a producer that appears under the key again.
    GenStage.stop(testKit.system(), first, CancelReason.NORMAL);
    GenStage.cast(second, List.of("b2"));
    assertEquals(Set.of("b2"), receive(batches, 1));
    ProducerRef<String, List<String>> third = kit.spawn(Stages.producer(Emitter::new));
    GenStage.cast(third, List.of("c1"));
    StageDiscovery.register(testKit.system(), key, third);
    assertEquals(Set.of("c1"), receive(batches, 1));
  }

  @Test
  void aKeyNeedsAName() {
    IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> ProducerKey.of(" "));
    assertEquals("id must not be blank, got: \" \"", blank.getMessage());
  }
}
