package io.genstage.supervisor;

import static io.genstage.fixtures.WatchingParent.parentOf;
import static io.genstage.supervisor.SupervisorFixtures.SHORT;
import static io.genstage.supervisor.SupervisorFixtures.assertCountsThenStop;
import static io.genstage.supervisor.SupervisorFixtures.await;
import static io.genstage.supervisor.SupervisorFixtures.awaitCounts;
import static io.genstage.supervisor.SupervisorFixtures.counts;
import static io.genstage.supervisor.SupervisorFixtures.expectAsk;
import static io.genstage.supervisor.SupervisorFixtures.expectStarted;
import static io.genstage.supervisor.SupervisorFixtures.expectSubscribeAndAsk;
import static io.genstage.supervisor.SupervisorFixtures.failing;
import static io.genstage.supervisor.SupervisorFixtures.finish;
import static io.genstage.supervisor.SupervisorFixtures.probeAsProducer;
import static io.genstage.supervisor.SupervisorFixtures.send;
import static io.genstage.supervisor.SupervisorFixtures.sendAndExpectStarts;
import static io.genstage.supervisor.SupervisorFixtures.spawn;
import static io.genstage.supervisor.SupervisorFixtures.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.genstage.ConsumerRef;
import io.genstage.StageExitException;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.fixtures.WatchingParent.ChildDied;
import io.genstage.protocol.ProducerMessage;
import io.genstage.supervisor.DynamicSupervisor.Command;
import io.genstage.supervisor.SupervisorFixtures.Fail;
import io.genstage.supervisor.SupervisorFixtures.Started;
import io.genstage.testing.StageTestKit;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restart types, the restarting state and restart intensity (SEMANTICS.md §7.3, §8.2). */
class SupervisorRestartTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  /** Plays the producer the supervisor subscribes to. */
  private final TestProbe<ProducerMessage<Integer>> producer = testKit.createTestProbe();
  /** What the children report. */
  private final TestProbe<Object> report = testKit.createTestProbe();

  /** The last child finishes: its slot is asked for again, nothing else happens, and none is left. */
  private void finishLastChildThenStop(ConsumerRef<Integer, Command> sup, Started last) throws Exception {
    finish(last, report);
    expectAsk(producer, sub, 1);
    report.expectNoMessage(SHORT);
    producer.expectNoMessage(SHORT);
    assertCountsThenStop(testKit, sup, new ChildCounts(0, 0, 0));
  }

  /** The subscription of {@link #subscribedWorkers}. */
  private ProducerMessage.Subscribe<Integer> sub;

  /** Workers subscribed to the probe producer (max 4, min 1), past their subscribe and first ask. */
  private ConsumerRef<Integer, Command> subscribedWorkers(Restart restart) {
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> worker(n, report.getRef())).withRestart(restart),
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(4, 1))));
    sub = expectSubscribeAndAsk(producer, 4);
    return sup;
  }

  // ------------------------------------------------------------------ restart types

  @Test
  void permanentChildIsRestartedAfterANormalExitAndAfterAFailure() throws Exception {
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<String>of(arg -> worker(arg, report.getRef())).withRestart(Restart.PERMANENT)));

    ActorRef<?> first = await(DynamicSupervisor.startChild(testKit.system(), sup, "p")).orElseThrow();
    Started started = expectStarted(report, "p");
    assertEquals(first, started.child());
    ChildId id = await(DynamicSupervisor.whichChildren(testKit.system(), sup)).get(0).id();

    finish(started, report);
    Started second = expectStarted(report, "p");
    assertNotEquals(first, second.child());

    second.child().tell(Fail.INSTANCE);
    Started third = expectStarted(report, "p");
    assertNotEquals(first, third.child());
    assertNotEquals(second.child(), third.child());
    report.expectNoMessage(SHORT);

    assertEquals(new ChildCounts(1, 1, 0), counts(testKit, sup));
    // A new actor, under the same id.
    assertEquals(List.of(new ChildInfo(id, Optional.of(third.child()), false, false)),
        await(DynamicSupervisor.whichChildren(testKit.system(), sup)));
    testKit.stop(sup.actor());
  }

  @Test
  void transientChildIsRestartedOnlyAfterAFailureAndKeepsItsSlot() throws Exception {
    var sup = subscribedWorkers(Restart.TRANSIENT);
    Map<Object, Started> c = sendAndExpectStarts(producer, sub, report, List.of(0, 1));

    // A failure: restarted with the same event, as a new actor, in the same slot (no ask).
    c.get(0).child().tell(Fail.INSTANCE);
    Started again = expectStarted(report, 0);
    assertNotEquals(c.get(0).child(), again.child());
    producer.expectNoMessage(SHORT);
    assertEquals(new ChildCounts(2, 2, 0), counts(testKit, sup));

    // A normal exit ends it: no restart, the slot is freed (minDemand 1).
    finish(again, report);
    expectAsk(producer, sub, 1);
    finishLastChildThenStop(sup, c.get(1));
  }

  @Test
  void temporaryChildIsNeverRestarted() throws Exception {
    var sup = subscribedWorkers(Restart.TEMPORARY);
    Map<Object, Started> c = sendAndExpectStarts(producer, sub, report, List.of(0, 1));

    c.get(0).child().tell(Fail.INSTANCE);
    report.expectTerminated(c.get(0).child());
    expectAsk(producer, sub, 1);
    finishLastChildThenStop(sup, c.get(1));
  }

  // ------------------------------------------------------------------ the restarting state

  @Test
  void aChildWhoseRestartFailsIsReportedRestartingKeepsItsSlotAndIsRetried() throws Exception {
    AtomicInteger flakyStarts = new AtomicInteger();
    AtomicReference<ConsumerRef<Integer, Command>> self = new AtomicReference<>();
    AtomicReference<CompletionStage<ChildCounts>> countsMeanwhile = new AtomicReference<>();
    AtomicReference<CompletionStage<List<ChildInfo>>> childrenMeanwhile = new AtomicReference<>();
    // Event 1 starts, fails to restart once, then restarts. Its failed restart queues the two calls
    // on the supervisor before the retry, so they are answered while the child is restarting.
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> {
          if (n == 1 && flakyStarts.incrementAndGet() == 2) {
            countsMeanwhile.set(DynamicSupervisor.countChildren(testKit.system(), self.get()));
            childrenMeanwhile.set(DynamicSupervisor.whichChildren(testKit.system(), self.get()));
            throw new IllegalStateException("cannot restart 1 right now");
          }
          return worker(n, report.getRef());
        }).withRestart(Restart.TRANSIENT),
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(4, 1))));
    self.set(sup);
    var sub = expectSubscribeAndAsk(producer, 4);
    Map<Object, Started> c = sendAndExpectStarts(producer, sub, report, List.of(0, 1));
    List<ChildInfo> before = await(DynamicSupervisor.whichChildren(testKit.system(), sup));
    ChildId id0 = before.get(0).id();
    ChildId id1 = before.get(1).id();
    assertEquals(List.of(new ChildInfo(id0, Optional.of(c.get(0).child()), false, true),
        new ChildInfo(id1, Optional.of(c.get(1).child()), false, true)), before);

    LoggingTestKit.error("failed to restart a child for [1]").expect(testKit.system(), () -> {
      c.get(1).child().tell(Fail.INSTANCE);
      return null;
    });
    Started retried = expectStarted(report, 1);
    assertEquals(3, flakyStarts.get());
    assertNotEquals(c.get(1).child(), retried.child());

    assertNotNull(countsMeanwhile.get());
    ChildCounts meanwhile = await(countsMeanwhile.get());
    assertEquals(new ChildCounts(1, 2, 1), meanwhile);
    assertEquals(1, meanwhile.active()); // the restarting child is not active
    assertEquals(2, meanwhile.workers()); // but it is still one of the supervisor's children
    // The restarting child has no actor, but keeps its id.
    assertEquals(
        List.of(new ChildInfo(id0, Optional.of(c.get(0).child()), false, true),
            new ChildInfo(id1, Optional.empty(), true, true)),
        await(childrenMeanwhile.get()));

    // Back to running; the slot was kept throughout.
    assertEquals(new ChildCounts(2, 2, 0), counts(testKit, sup));
    assertEquals(
        List.of(new ChildInfo(id0, Optional.of(c.get(0).child()), false, true),
            new ChildInfo(id1, Optional.of(retried.child()), false, true)),
        await(DynamicSupervisor.whichChildren(testKit.system(), sup)));
    producer.expectNoMessage(SHORT);
    finish(retried, report);
    expectAsk(producer, sub, 1);
    testKit.stop(sup.actor());
  }

  @Test
  void aRestartFailingWithAnErrorIsRetriedLikeOneFailingWithARuntimeException() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> {
          if (starts.incrementAndGet() == 2) {
            throw new AssertionError("cannot restart " + n + " right now");
          }
          return worker(n, report.getRef());
        }).withRestart(Restart.TRANSIENT),
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(4, 1))));
    sub = expectSubscribeAndAsk(producer, 4);
    Started first = sendAndExpectStarts(producer, sub, report, List.of(7)).get(7);

    LoggingTestKit.error("failed to restart a child for [7]").expect(testKit.system(), () -> {
      first.child().tell(Fail.INSTANCE);
      return null;
    });
    Started retried = expectStarted(report, 7);
    assertEquals(3, starts.get());
    assertEquals(new ChildCounts(1, 1, 0), counts(testKit, sup));
    finishLastChildThenStop(sup, retried);
  }

  @Test
  void aChildWhoseRestartKeepsFailingCanBeTerminatedByItsIdAndFreesItsSlot() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    AtomicReference<ConsumerRef<Integer, Command>> self = new AtomicReference<>();
    AtomicReference<ChildId> id = new AtomicReference<>();
    AtomicReference<CompletionStage<Boolean>> terminated = new AtomicReference<>();
    // Every restart fails. The first failed restart sends terminateChild, which the supervisor takes
    // before its retry: the child is terminated while it is restarting.
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> {
          if (starts.incrementAndGet() == 1) {
            return worker(n, report.getRef());
          }
          if (terminated.get() == null) {
            terminated.set(DynamicSupervisor.terminateChild(testKit.system(), self.get(), id.get()));
          }
          throw new IllegalStateException("cannot restart " + n);
        }).withRestart(Restart.TRANSIENT),
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(4, 1))));
    self.set(sup);
    sub = expectSubscribeAndAsk(producer, 4);
    Started first = sendAndExpectStarts(producer, sub, report, List.of(0)).get(0);
    // The child's id names it across its restarts.
    ChildInfo info = await(DynamicSupervisor.whichChildren(testKit.system(), sup)).get(0);
    assertEquals(Optional.of(first.child()), info.child());
    id.set(info.id());

    first.child().tell(Fail.INSTANCE);
    report.expectTerminated(first.child());
    // Terminated: its slot is freed (minDemand 1: asked for again), it is not retried, none is left.
    expectAsk(producer, sub, 1);
    assertEquals(true, await(terminated.get()));
    assertEquals(new ChildCounts(0, 0, 0), counts(testKit, sup));
    assertEquals(List.of(), await(DynamicSupervisor.whichChildren(testKit.system(), sup)));
    assertEquals(2, starts.get());
    testKit.stop(sup.actor());
  }

  @Test
  void aPermanentChildWhoseRestartStartsNothingIsGone() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<String>of(arg -> starts.incrementAndGet() == 1 ? worker(arg, report.getRef()) : ChildSpec.ignore())
            .withRestart(Restart.PERMANENT)));
    await(DynamicSupervisor.startChild(testKit.system(), sup, "p"));
    Started p = expectStarted(report, "p");

    finish(p, report); // restarted, since permanent: the template starts nothing this time
    awaitCounts(testKit, report, sup, new ChildCounts(0, 0, 0));
    report.expectNoMessage(SHORT);
    assertEquals(2, starts.get());
    assertEquals(List.of(), await(DynamicSupervisor.whichChildren(testKit.system(), sup)));
    testKit.stop(sup.actor());
  }

  @Test
  void aTransientChildWhoseRestartStartsNothingFreesItsSlot() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> starts.incrementAndGet() == 1 ? worker(n, report.getRef()) : ChildSpec.ignore())
            .withRestart(Restart.TRANSIENT),
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(4, 1))));
    sub = expectSubscribeAndAsk(producer, 4);
    Started first = sendAndExpectStarts(producer, sub, report, List.of(5)).get(5);

    first.child().tell(Fail.INSTANCE);
    expectAsk(producer, sub, 1);
    assertEquals(2, starts.get());
    assertCountsThenStop(testKit, sup, new ChildCounts(0, 0, 0));
  }

  // ------------------------------------------------------------------ restart intensity

  @Test
  void moreRestartsThanTheIntensityAllowsStopTheSupervisor() throws Exception {
    var spec = DynamicSupervisor.create(
        ChildSpec.<String>of(arg -> failing(arg, report.getRef())).withRestart(Restart.TRANSIENT),
        SupervisorOptions.defaults().withMaxRestarts(2).withMaxSeconds(5));
    testKit.spawn(parentOf(spec.behavior(), report.getRef()));
    @SuppressWarnings("unchecked")
    var supActor = (ActorRef<Command>) assertInstanceOf(ActorRef.class, report.receiveMessage());
    var sup = spec.ref(supActor);

    LoggingTestKit.error("DynamicSupervisor is stopping: more than 2 restarts within 5 seconds")
        .expect(testKit.system(), () -> {
          DynamicSupervisor.startChild(testKit.system(), sup, "x");
          // The first start and two restarts; the third restart is one too many.
          Set<ActorRef<?>> incarnations = new HashSet<>();
          for (int i = 0; i < 3; i++) {
            incarnations.add(expectStarted(report, "x").child());
          }
          assertEquals(3, incarnations.size());
          return null;
        });
    ChildDied died = assertInstanceOf(ChildDied.class, report.receiveMessage());
    assertEquals(supActor, died.child());
    StageExitException exit = assertInstanceOf(StageExitException.class, died.cause());
    MaxRestartIntensityException cause = assertInstanceOf(MaxRestartIntensityException.class, exit.getCause());
    assertEquals("reached max restart intensity: more than 2 restarts within 5 seconds", cause.getMessage());
    report.expectNoMessage(SHORT);
  }

  @Test
  void maxRestartsZeroStopsTheSupervisorAtTheFirstRestart() throws Exception {
    var spec = DynamicSupervisor.create(
        ChildSpec.<String>of(arg -> worker(arg, report.getRef())).withRestart(Restart.PERMANENT),
        SupervisorOptions.defaults().withMaxRestarts(0));
    testKit.spawn(parentOf(spec.behavior(), report.getRef()));
    @SuppressWarnings("unchecked")
    var supActor = (ActorRef<Command>) assertInstanceOf(ActorRef.class, report.receiveMessage());

    await(DynamicSupervisor.startChild(testKit.system(), spec.ref(supActor), "once"));
    Started s = expectStarted(report, "once");
    finish(s, report); // a permanent child is restarted even after a normal exit: one restart too many
    ChildDied died = assertInstanceOf(ChildDied.class, report.receiveMessage());
    assertEquals(supActor, died.child());
    assertEquals("reached max restart intensity: more than 0 restarts within 5 seconds",
        assertInstanceOf(MaxRestartIntensityException.class, died.cause().getCause()).getMessage());
  }

  // ------------------------------------------------------------------ tasks and their restart policy

  @Test
  void aFailedTemporaryTaskIsNotRunAgain() throws Exception {
    TestProbe<Integer> runs = testKit.createTestProbe();
    var sup = spawn(testKit, DynamicSupervisor.tasks(
        (Integer n) -> {
          runs.getRef().tell(n);
          if (n == 13) {
            throw new IllegalStateException("task 13 fails");
          }
        },
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(3, 1))));
    var sub = expectSubscribeAndAsk(producer, 3);

    send(producer, sub, List.of(13, 14));
    assertEquals(Set.of(13, 14), Set.of(runs.receiveMessage(), runs.receiveMessage()));
    expectAsk(producer, sub, 1);
    expectAsk(producer, sub, 1);
    runs.expectNoMessage(SHORT);
    producer.expectNoMessage(SHORT);
    testKit.stop(sup.actor());
  }

  @Test
  void aFailedTransientTaskIsRunAgainInItsSlot() throws Exception {
    TestProbe<Integer> runs = testKit.createTestProbe();
    Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
    ChildSpec.Task<Integer> work = n -> {
      runs.getRef().tell(n);
      int attempt = attempts.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
      if (n == 13 && attempt == 1) {
        throw new IllegalStateException("task 13 fails the first time");
      }
      if (n == 15 && attempt == 1) {
        throw new IOException("disk full"); // a checked exception fails the task too
      }
    };
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.task(work).withRestart(Restart.TRANSIENT),
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(3, 1))));
    var sub = expectSubscribeAndAsk(producer, 3);

    send(producer, sub, List.of(13, 14, 15));
    List<Integer> ran = List.of(runs.receiveMessage(), runs.receiveMessage(), runs.receiveMessage(),
        runs.receiveMessage(), runs.receiveMessage());
    assertEquals(List.of(13, 13, 14, 15, 15), ran.stream().sorted().toList());
    // One ask per event: the retries kept their slots.
    expectAsk(producer, sub, 1);
    expectAsk(producer, sub, 1);
    expectAsk(producer, sub, 1);
    runs.expectNoMessage(SHORT);
    producer.expectNoMessage(SHORT);
    assertEquals(new ChildCounts(0, 0, 0), counts(testKit, sup));
    assertEquals(1, attempts.get(14).get());
    testKit.stop(sup.actor());
  }
}
