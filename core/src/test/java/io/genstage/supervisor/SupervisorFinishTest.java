package io.genstage.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.genstage.CancelReason;
import io.genstage.GenStage;
import io.genstage.Producer;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.fixtures.Sequence;
import io.genstage.supervisor.SupervisorFixtures.Done;
import io.genstage.supervisor.SupervisorFixtures.Finish;
import io.genstage.supervisor.SupervisorFixtures.Started;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A DynamicSupervisor consumer whose producer finishes: its end comes after its last child's. */
class SupervisorFinishTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  /** Emits 0 .. limit - 1 against demand, then drains. */
  static final class Numbers extends Producer<Integer, Void> {
    private final int limit;
    private final Sequence numbers = new Sequence();

    Numbers(int limit) {
      this.limit = limit;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      List<Integer> out = numbers.nextBelow(demand, limit);
      if (numbers.peek() == limit) {
        context().stopWhenDrained(CancelReason.NORMAL, Duration.ofSeconds(5));
      }
      return out;
    }
  }

  @Test
  void aSupervisorWhoseProducerFinishedCompletesAfterItsLastChild() throws Exception {
    TestProbe<Object> report = testKit.createTestProbe();
    var producer = kit.spawn(Stages.producer(() -> new Numbers(20)));
    var supervisor = kit.spawn(DynamicSupervisor.create(
        ChildSpec.of((Integer n) -> SupervisorFixtures.worker(n, report.getRef()))
            .withShutdown(Shutdown.within(Duration.ofSeconds(10))),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withMaxDemand(5))));
    var completion = GenStage.completion(testKit.system(), supervisor).toCompletableFuture();

    List<Integer> done = new ArrayList<>();
    ActorRef<SupervisorFixtures.WorkerMsg> last = null;
    while (done.size() < 19) {
      Object next = report.receiveMessage();
      if (next instanceof Started s) {
        if (s.argument().equals(19)) {
          last = s.child(); // kept running until the end
        } else {
          s.child().tell(Finish.INSTANCE);
        }
      } else {
        done.add((Integer) ((Done) next).argument());
      }
    }
    while (last == null) {
      if (report.receiveMessage() instanceof Started s && s.argument().equals(19)) {
        last = s.child();
      }
    }
    // Its producer has finished, but a child still works: the supervisor has not ended.
    report.expectNoMessage(Duration.ofMillis(200));
    assertFalse(completion.isDone());

    last.tell(Finish.INSTANCE);
    assertEquals(new Done(19), report.receiveMessage());
    assertEquals(CancelReason.NORMAL, completion.get(5, TimeUnit.SECONDS));
  }

  @Test
  void aSupervisorThatStopsItsRunningChildrenAtOnceSaysHowMany() {
    TestProbe<Object> report = testKit.createTestProbe();
    var producer = kit.spawn(Stages.producer(() -> new Numbers(3)));

    LoggingTestKit.warn("stopping with reason [NORMAL] and [3] running children").expect(testKit.system(), () -> {
      kit.spawn(DynamicSupervisor.create(
          ChildSpec.of((Integer n) -> SupervisorFixtures.worker(n, report.getRef())), // IMMEDIATE
          SubscribeTo.of(producer, SubscribeOptions.defaults().withMaxDemand(5))));
      return null;
    });
  }
}
