package io.genstage.supervisor;

import static io.genstage.supervisor.SupervisorFixtures.SHORT;
import static io.genstage.supervisor.SupervisorFixtures.assertCountsThenStop;
import static io.genstage.supervisor.SupervisorFixtures.await;
import static io.genstage.supervisor.SupervisorFixtures.awaitCounts;
import static io.genstage.supervisor.SupervisorFixtures.countedWorker;
import static io.genstage.supervisor.SupervisorFixtures.counts;
import static io.genstage.supervisor.SupervisorFixtures.expectAsk;
import static io.genstage.supervisor.SupervisorFixtures.expectStarts;
import static io.genstage.supervisor.SupervisorFixtures.expectSubscribe;
import static io.genstage.supervisor.SupervisorFixtures.expectSubscribeAndAsk;
import static io.genstage.supervisor.SupervisorFixtures.finish;
import static io.genstage.supervisor.SupervisorFixtures.probeAsProducer;
import static io.genstage.supervisor.SupervisorFixtures.send;
import static io.genstage.supervisor.SupervisorFixtures.sendAndExpectStarts;
import static io.genstage.supervisor.SupervisorFixtures.sneaky;
import static io.genstage.supervisor.SupervisorFixtures.spawn;
import static io.genstage.supervisor.SupervisorFixtures.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.ConsumerRef;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.fixtures.Counter;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.supervisor.DynamicSupervisor.Command;
import io.genstage.supervisor.SupervisorFixtures.Started;
import io.genstage.testing.StageTestKit;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A DynamicSupervisor as a consumer: one child per event, demand tied to running children
 * (SEMANTICS.md §7.3, §8.2, §8.3).
 */
class SupervisorDemandTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  /** Plays the producer the supervisor subscribes to. */
  private final TestProbe<ProducerMessage<Integer>> producer = testKit.createTestProbe();
  /** What the children report. */
  private final TestProbe<Object> report = testKit.createTestProbe();

  /** A supervisor of {@link SupervisorFixtures#worker}s subscribed to a probe playing the producer. */
  private ConsumerRef<Integer, Command> workersOn(Restart restart, int max, int min) {
    return spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> worker(n, report.getRef())).withRestart(restart),
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(max, min))));
  }

  // ------------------------------------------------------------------ a real producer

  @Test
  void childrenPerProducerNeverExceedMaxDemand() throws Exception {
    AtomicInteger alive = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    ProducerRef<Integer, Void> counter = kit.spawn(Stages.producer(() -> new Counter(0)));
    // maxDemand 5, minDemand 5 / 2 = 2; the counter would emit for ever.
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> countedWorker(n, report.getRef(), alive, peak)),
        SubscribeTo.of(counter, SubscribeOptions.defaults().withMaxDemand(5))));

    Map<Object, Started> first = expectStarts(report, 5);
    assertEquals(Set.of(0, 1, 2, 3, 4), first.keySet());
    report.expectNoMessage(SHORT);
    assertEquals(new ChildCounts(5, 5, 0), counts(testKit, sup));

    // One finished child frees one slot: below minDemand, nothing is asked, nothing starts.
    finish(first.get(0), report);
    report.expectNoMessage(SHORT);
    // The second freed slot reaches minDemand: two more events, two more children.
    finish(first.get(1), report);
    Map<Object, Started> next = expectStarts(report, 2);
    assertEquals(Set.of(5, 6), next.keySet());
    report.expectNoMessage(SHORT);
    assertEquals(new ChildCounts(5, 5, 0), counts(testKit, sup));

    // Keep finishing the oldest running children until 60 events have had their child.
    ArrayDeque<Started> running = new ArrayDeque<>();
    for (int n = 2; n <= 6; n++) {
      running.add(n <= 4 ? first.get(n) : next.get(n));
    }
    Set<Object> seen = new HashSet<>(Set.of(0, 1, 2, 3, 4, 5, 6));
    while (seen.size() < 60) {
      // Two freed slots reach minDemand: exactly two new children each round, never more.
      finish(running.poll(), report);
      finish(running.poll(), report);
      for (Started s : expectStarts(report, 2).values()) {
        assertTrue(seen.add(s.argument()), "event started twice: " + s.argument());
        running.add(s);
      }
      assertEquals(5, running.size());
    }
    report.expectNoMessage(SHORT);
    assertEquals(5, peak.get(), "most children alive at once");
    testKit.stop(sup.actor());
    testKit.stop(counter.actor());
  }

  // ------------------------------------------------------------------ a probe playing the producer

  @Test
  void asksMaxDemandThenAsksWhatWasFreedOnceItReachesMinDemand() throws Exception {
    var sup = workersOn(Restart.TEMPORARY, 4, 2);
    var sub = expectSubscribe(producer);
    assertEquals(sup.actor(), sub.consumer());
    expectAsk(producer, sub, 4);
    producer.expectNoMessage(SHORT);

    Map<Object, Started> c = sendAndExpectStarts(producer, sub, report, List.of(0, 1, 2, 3));
    assertEquals(Set.of(0, 1, 2, 3), c.keySet());

    finish(c.get(0), report);
    producer.expectNoMessage(SHORT);
    finish(c.get(1), report);
    expectAsk(producer, sub, 2);
    producer.expectNoMessage(SHORT);

    send(producer, sub, List.of(4, 5));
    c.putAll(expectStarts(report, 2));
    finish(c.get(2), report);
    producer.expectNoMessage(SHORT);
    finish(c.get(4), report);
    expectAsk(producer, sub, 2);
    finish(c.get(3), report);
    producer.expectNoMessage(SHORT);
    finish(c.get(5), report);
    expectAsk(producer, sub, 2);
    producer.expectNoMessage(SHORT);
    assertCountsThenStop(testKit, sup, new ChildCounts(0, 0, 0));
  }

  @Test
  void aFailedStartFreesItsSlotAndIsLoggedWithItsEvent() throws Exception {
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> {
          if (n % 10 == 1) {
            throw new IllegalArgumentException("no child for " + n);
          }
          return worker(n, report.getRef());
        }),
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(4, 2))));
    var sub = expectSubscribeAndAsk(producer, 4);

    LoggingTestKit.error("failed to start a child for event [1]").expect(testKit.system(), () -> {
      send(producer, sub, List.of(0, 1, 2, 3));
      return null;
    });
    Map<Object, Started> c = expectStarts(report, 3);
    assertEquals(Set.of(0, 2, 3), c.keySet());
    // The failed start freed one slot: not yet minDemand.
    producer.expectNoMessage(SHORT);
    assertEquals(new ChildCounts(3, 3, 0), counts(testKit, sup));

    // One finished child plus the failed start make two freed slots.
    finish(c.get(0), report);
    expectAsk(producer, sub, 2);

    // Still running: two failed starts at once are asked for again at once.
    LoggingTestKit.error("failed to start a child for event [11]").expect(testKit.system(), () -> {
      send(producer, sub, List.of(11, 21));
      return null;
    });
    expectAsk(producer, sub, 2);
    send(producer, sub, List.of(4, 5));
    assertEquals(Set.of(4, 5), expectStarts(report, 2).keySet());
    assertCountsThenStop(testKit, sup, new ChildCounts(4, 4, 0));
  }

  @Test
  void aStartFailingWithACheckedExceptionOrAnErrorFreesItsSlotAndTheSupervisorKeepsRunning() throws Exception {
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> switch (n) {
          case 1 -> throw sneaky(new IOException("no file for 1"));
          case 2 -> throw new AssertionError("no child for 2");
          default -> worker(n, report.getRef());
        }),
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(3, 2))));
    var sub = expectSubscribeAndAsk(producer, 3);

    LoggingTestKit.error("failed to start a child for event [1]").expect(testKit.system(), () ->
        LoggingTestKit.error("failed to start a child for event [2]").expect(testKit.system(), () -> {
          send(producer, sub, List.of(0, 1, 2));
          return null;
        }));
    assertEquals(Set.of(0), expectStarts(report, 1).keySet());
    // The two failed starts freed two slots, minDemand: asked for again.
    expectAsk(producer, sub, 2);
    send(producer, sub, List.of(3, 4));
    assertEquals(Set.of(3, 4), expectStarts(report, 2).keySet());
    assertCountsThenStop(testKit, sup, new ChildCounts(3, 3, 0));
  }

  @Test
  void anEventTheTemplateStartsNothingForFreesItsSlot() throws Exception {
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> n % 2 == 1 ? ChildSpec.ignore() : worker(n, report.getRef())),
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(3, 2))));
    var sub = expectSubscribeAndAsk(producer, 3);

    send(producer, sub, List.of(0, 1, 3));
    assertEquals(Set.of(0), expectStarts(report, 1).keySet());
    // Two events started nothing: two slots free, minDemand, asked for again.
    expectAsk(producer, sub, 2);
    report.expectNoMessage(SHORT);
    assertCountsThenStop(testKit, sup, new ChildCounts(1, 1, 0));
  }

  @Test
  void eventsBeyondTheDemandAreLoggedAndStillStarted() throws Exception {
    var sup = workersOn(Restart.TEMPORARY, 2, 1);
    var sub = expectSubscribeAndAsk(producer, 2);

    LoggingTestKit.error("DynamicSupervisor has received [2] events in excess").expect(testKit.system(), () -> {
      send(producer, sub, List.of(0, 1, 2, 3));
      return null;
    });
    assertEquals(Set.of(0, 1, 2, 3), expectStarts(report, 4).keySet());
    assertCountsThenStop(testKit, sup, new ChildCounts(4, 4, 0));
  }

  @Test
  void terminateChildFreesTheSlotOfAChildStartedForAnEvent() throws Exception {
    var sup = workersOn(Restart.TRANSIENT, 4, 2);
    var sub = expectSubscribeAndAsk(producer, 4);
    Map<Object, Started> c = sendAndExpectStarts(producer, sub, report, List.of(0, 1, 2, 3));

    assertEquals(true, await(DynamicSupervisor.terminateChild(testKit.system(), sup, c.get(0).child())));
    report.expectTerminated(c.get(0).child());
    producer.expectNoMessage(SHORT);
    assertEquals(true, await(DynamicSupervisor.terminateChild(testKit.system(), sup, c.get(1).child())));
    expectAsk(producer, sub, 2);
    // Terminated children are not restarted, even transient ones.
    report.expectNoMessage(SHORT);
    assertEquals(new ChildCounts(2, 2, 0), counts(testKit, sup));
    // Not (or no longer) a child.
    assertEquals(false, await(DynamicSupervisor.terminateChild(testKit.system(), sup, c.get(0).child())));
    assertEquals(false, await(DynamicSupervisor.terminateChild(testKit.system(), sup, report.getRef())));
    producer.expectNoMessage(SHORT);
    testKit.stop(sup.actor());
  }

  @Test
  void childrenStartedOnRequestNeverCreateDemand() throws Exception {
    var sup = workersOn(Restart.TEMPORARY, 2, 1);
    var sub = expectSubscribeAndAsk(producer, 2);

    var a = await(DynamicSupervisor.startChild(testKit.system(), sup, 100)).orElseThrow();
    var b = await(DynamicSupervisor.startChild(testKit.system(), sup, 101)).orElseThrow();
    Map<Object, Started> onRequest = expectStarts(report, 2);
    assertEquals(a, onRequest.get(100).child());
    assertEquals(b, onRequest.get(101).child());
    Map<Object, Started> c = sendAndExpectStarts(producer, sub, report, List.of(0, 1));
    assertEquals(new ChildCounts(4, 4, 0), counts(testKit, sup));

    // Two children over maxDemand 2, yet their exits ask nothing.
    finish(onRequest.get(100), report);
    assertEquals(true, await(DynamicSupervisor.terminateChild(testKit.system(), sup, b)));
    producer.expectNoMessage(SHORT);
    // The per-event children still ask, one event each (minDemand 1).
    finish(c.get(0), report);
    expectAsk(producer, sub, 1);
    finish(c.get(1), report);
    expectAsk(producer, sub, 1);
    producer.expectNoMessage(SHORT);
    testKit.stop(sup.actor());
  }

  @Test
  void whenTheProducerGoesAwayItsChildrenKeepRunningAndAskNothing() throws Exception {
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> worker(n, report.getRef())),
        SubscribeTo.of(probeAsProducer(producer),
            SubscribeOptions.defaults().withDemand(4, 2).withCancel(CancelMode.TEMPORARY))));
    var sub = expectSubscribeAndAsk(producer, 4);
    Map<Object, Started> c = sendAndExpectStarts(producer, sub, report, List.of(0, 1, 2, 3));

    sub.consumer().tell(new ConsumerMessage.Cancelled<>(producer.getRef(), sub.tag(), CancelReason.NORMAL));
    assertEquals(new ChildCounts(4, 4, 0), counts(testKit, sup)); // the supervisor and its children run on
    for (int n = 0; n < 4; n++) {
      finish(c.get(n), report); // each child still works
    }
    awaitCounts(testKit, report, sup, new ChildCounts(0, 0, 0));
    producer.expectNoMessage(SHORT);
    testKit.stop(sup.actor());
  }

  // ------------------------------------------------------------------ tasks

  @Test
  void tasksOnACounterRunForEverWithAtMostMaxDemandAtOnce() throws Exception {
    // SEMANTICS.md §8.3: a counter, and a supervisor running one short task per number.
    TestProbe<Integer> runs = testKit.createTestProbe();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    ProducerRef<Integer, Void> counter = kit.spawn(Stages.producer(() -> new Counter(0)));
    var sup = spawn(testKit, DynamicSupervisor.tasks(
        (Integer n) -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          runs.getRef().tell(n);
          running.decrementAndGet();
        },
        SubscribeTo.of(counter, SubscribeOptions.defaults().withMaxDemand(50))));

    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      int n = runs.receiveMessage();
      assertTrue(seen.add(n), "ran twice: " + n);
      assertTrue(n < i + 50, n + " ran before " + (n - 49) + " finished: more than maxDemand in flight");
    }
    assertTrue(peak.get() <= 50, "most tasks at once: " + peak.get());
    testKit.stop(sup.actor());
    testKit.stop(counter.actor());
  }

  @Test
  void tasksRunOncePerEvent() throws Exception {
    TestProbe<Integer> runs = testKit.createTestProbe();
    var sup = spawn(testKit, DynamicSupervisor.tasks(
        (Integer n) -> runs.getRef().tell(n),
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(3, 1))));
    var sub = expectSubscribeAndAsk(producer, 3);

    send(producer, sub, List.of(10, 11, 12));
    Set<Integer> ran = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      ran.add(runs.receiveMessage());
    }
    assertEquals(Set.of(10, 11, 12), ran);
    // Each finished task frees its slot: minDemand 1, so one ask each.
    expectAsk(producer, sub, 1);
    expectAsk(producer, sub, 1);
    expectAsk(producer, sub, 1);
    runs.expectNoMessage(SHORT);
    producer.expectNoMessage(SHORT);
    testKit.stop(sup.actor());
  }
}
