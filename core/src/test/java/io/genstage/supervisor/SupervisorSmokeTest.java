package io.genstage.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.LogCapturing;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.Stages;
import io.genstage.fixtures.Counter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturing.class)
class SupervisorSmokeTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void startsOneChildPerEvent() {
    TestProbe<Integer> probe = testKit.createTestProbe();
    var counterSpec = Stages.producer(() -> new Counter(0));
    var counter = counterSpec.ref(testKit.spawn(counterSpec.behavior()));
    var sup = DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> Behaviors.setup(ctx -> { probe.getRef().tell(n); return Behaviors.stopped(); })),
        SubscribeTo.of(counter, SubscribeOptions.defaults().withMaxDemand(4)));
    testKit.spawn(sup.behavior());
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      seen.add(probe.receiveMessage());
    }
    assertEquals(20, seen.size());
  }
}
