package io.genstage;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
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

  static final class Forwarder extends Consumer<Integer, Void> {
    final akka.actor.typed.ActorRef<List<Integer>> to;
    Forwarder(akka.actor.typed.ActorRef<List<Integer>> to) { this.to = to; }
    @Override protected void handleEvents(List<Integer> events, Subscription from) { to.tell(List.copyOf(events)); }
  }

  @Test
  void tenFive() {
    TestProbe<List<Integer>> probe = testKit.createTestProbe();
    var counterSpec = Stages.producer(() -> new Counter(0));
    ProducerRef<Integer, Void> counter = counterSpec.ref(testKit.spawn(counterSpec.behavior()));
    var consumerSpec = Stages.consumer(() -> new Forwarder(probe.getRef()),
        SubscribeTo.of(counter, SubscribeOptions.defaults().withMaxDemand(10)));
    testKit.spawn(consumerSpec.behavior());
    assertEquals(IntStream.range(0, 5).boxed().toList(), probe.receiveMessage());
    assertEquals(IntStream.range(5, 10).boxed().toList(), probe.receiveMessage());
    assertEquals(IntStream.range(10, 15).boxed().toList(), probe.receiveMessage());
  }
}
