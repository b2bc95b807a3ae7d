package io.genstage.supervisor;

import static io.genstage.supervisor.SupervisorFixtures.SHORT;
import static io.genstage.supervisor.SupervisorFixtures.expectStarts;
import static io.genstage.supervisor.SupervisorFixtures.expectSubscribe;
import static io.genstage.supervisor.SupervisorFixtures.finish;
import static io.genstage.supervisor.SupervisorFixtures.probeAsProducer;
import static io.genstage.supervisor.SupervisorFixtures.spawn;
import static io.genstage.supervisor.SupervisorFixtures.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.genstage.CancelReason;
import io.genstage.Delivery;
import io.genstage.GenStage;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.fixtures.BatchForwarder;
import io.genstage.fixtures.Counter;
import io.genstage.protocol.ConsumerMessage.NumberedEvents;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.ProducerMessage.AskUpTo;
import io.genstage.protocol.ProducerMessage.Subscribe;
import io.genstage.supervisor.SupervisorFixtures.Started;
import io.genstage.testing.StageTestKit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A DynamicSupervisor subscribed at least once with explicit acknowledgement: an event is done when
 * the child started for it has ended, and children end in any order.
 */
class SupervisorAcknowledgementTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  static final SubscribeOptions<Object> ACKNOWLEDGE_ON_EXIT = SubscribeOptions.defaults().withMaxDemand(4)
      .withDelivery(Delivery.AT_LEAST_ONCE_REDELIVERED).withExplicitAcknowledgement();

  private final TestProbe<ProducerMessage<Integer>> producer = testKit.createTestProbe();
  private final TestProbe<Object> report = testKit.createTestProbe();

  private void expectAskUpTo(long received, long upTo) {
    AskUpTo<?> ask = assertInstanceOf(AskUpTo.class, producer.receiveMessage());
    assertEquals(List.of(received, upTo), List.of(ask.received(), ask.upTo()), "received, upTo");
  }

  @Test
  void eventsAreAcknowledgedUpToTheOldestOneWhoseChildStillRuns() {
    spawn(testKit, DynamicSupervisor.create(ChildSpec.<Integer>of(n -> worker(n, report.getRef())),
        SubscribeTo.of(probeAsProducer(producer), ACKNOWLEDGE_ON_EXIT)));
    Subscribe<Integer> subscribe = expectSubscribe(producer);
    expectAskUpTo(0, 4);
    subscribe.consumer().tell(new NumberedEvents<>(producer.getRef(), subscribe.tag(), 1, List.of(0, 1, 2, 3)));
    Map<Object, Started> started = expectStarts(report, 4);

    // Two slots free (min demand 2): more is asked, but event 1's child still runs.
    finish(started.get(1), report);
    finish(started.get(2), report);
    expectAskUpTo(0, 6);
    // Event 1 ends: 1 to 3 are done, and travel with the next ask.
    finish(started.get(0), report);
    producer.expectNoMessage(SHORT);
    finish(started.get(3), report);
    expectAskUpTo(4, 8);
  }

  @Test
  void theEventsOfChildrenStillRunningWhenTheSupervisorStopsGoToTheNextConsumer() throws Exception {
    var numbers = kit.spawn(Stages.producer(() -> new Counter(0)));
    var supervisor = spawn(testKit, DynamicSupervisor.create(ChildSpec.<Integer>of(n -> worker(n, report.getRef())),
        SubscribeTo.of(numbers, ACKNOWLEDGE_ON_EXIT)));
    Map<Object, Started> started = expectStarts(report, 4);
    finish(started.get(0), report);
    finish(started.get(2), report); // 0 is done; 1 still runs, so 2 waits to be acknowledged with it
    Map<Object, Started> more = expectStarts(report, 2);
    assertEquals(java.util.Set.of(4, 5), more.keySet());

    assertEquals(CancelReason.NORMAL, GenStage.stop(testKit.system(), supervisor, CancelReason.NORMAL)
        .toCompletableFuture().get(5, TimeUnit.SECONDS));
    TestProbe<List<Integer>> next = testKit.createTestProbe();
    kit.spawn(Stages.consumer(() -> new BatchForwarder<Integer>(next.getRef()),
        SubscribeTo.of(numbers, SubscribeOptions.defaults().withMaxDemand(10))));

    List<Integer> received = new ArrayList<>();
    while (received.size() < 8) {
      received.addAll(next.receiveMessage());
    }
    // 1 to 5 were not acknowledged (2 had finished behind 1), then the counter goes on.
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), received.subList(0, 8));
  }
}
