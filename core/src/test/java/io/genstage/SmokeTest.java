package io.genstage;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.genstage.fixtures.BatchForwarder;
import io.genstage.fixtures.Counter;
import io.genstage.testing.StageTestKit;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  @Test
  void tenFive() {
    TestProbe<List<Integer>> probe = testKit.createTestProbe();
    ProducerRef<Integer, Void> counter = kit.spawn(Stages.producer(() -> new Counter(0)));
    var consumerSpec = Stages.consumer(() -> new BatchForwarder<Integer>(probe.getRef()),
        SubscribeTo.of(counter, SubscribeOptions.defaults().withMaxDemand(10)));
    testKit.spawn(consumerSpec.behavior());
    assertEquals(IntStream.range(0, 5).boxed().toList(), probe.receiveMessage());
    assertEquals(IntStream.range(5, 10).boxed().toList(), probe.receiveMessage());
    assertEquals(IntStream.range(10, 15).boxed().toList(), probe.receiveMessage());
  }
}
