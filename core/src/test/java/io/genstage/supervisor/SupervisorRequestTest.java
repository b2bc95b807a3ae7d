package io.genstage.supervisor;

import static io.genstage.fixtures.WatchingParent.parentOf;
import static io.genstage.supervisor.SupervisorFixtures.SHORT;
import static io.genstage.supervisor.SupervisorFixtures.assertCountsThenStop;
import static io.genstage.supervisor.SupervisorFixtures.await;
import static io.genstage.supervisor.SupervisorFixtures.awaitCounts;
import static io.genstage.supervisor.SupervisorFixtures.counts;
import static io.genstage.supervisor.SupervisorFixtures.expectStarted;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.CancelReason;
import io.genstage.ConsumerRef;
import io.genstage.GenStage;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.fixtures.WatchingParent.ChildDied;
import io.genstage.protocol.ProducerMessage;
import io.genstage.supervisor.DynamicSupervisor.Command;
import io.genstage.supervisor.SupervisorFixtures.Done;
import io.genstage.supervisor.SupervisorFixtures.Finish;
import io.genstage.supervisor.SupervisorFixtures.Notice;
import io.genstage.supervisor.SupervisorFixtures.Noticed;
import io.genstage.supervisor.SupervisorFixtures.Started;
import io.genstage.testing.StageTestKit;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A DynamicSupervisor on request (start, terminate, which and count children), its options, and
 * how it stops its children (SEMANTICS.md §7.1, §7.2, §7.3 "Termination", §8.2).
 */
class SupervisorRequestTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  /** Plays the producer the supervisor subscribes to. */
  private final TestProbe<ProducerMessage<Integer>> producer = testKit.createTestProbe();
  /** What the children report. */
  private final TestProbe<Object> report = testKit.createTestProbe();

  private ConsumerRef<String, Command> workers(ChildSpec<String> template, SupervisorOptions options) {
    return spawn(testKit, DynamicSupervisor.create(template, options));
  }

  private static ChildSpec<String> workerSpec(TestProbe<Object> report) {
    return ChildSpec.of(arg -> worker(arg, report.getRef()));
  }

  // ------------------------------------------------------------------ startChild

  @Test
  void startChildCompletesWithTheChildAndItIsListed() throws Exception {
    var sup = workers(workerSpec(report), SupervisorOptions.defaults());
    assertEquals(new ChildCounts(0, 0, 0), counts(testKit, sup));
    assertEquals(List.of(), await(DynamicSupervisor.whichChildren(testKit.system(), sup)));

    ActorRef<?> a = await(DynamicSupervisor.startChild(testKit.system(), sup, "a")).orElseThrow();
    assertEquals(a, expectStarted(report, "a").child());
    ActorRef<?> b = await(DynamicSupervisor.startChild(testKit.system(), sup, "b")).orElseThrow();
    Started sb = expectStarted(report, "b");
    assertEquals(b, sb.child());

    assertEquals(new ChildCounts(2, 2, 0), counts(testKit, sup));
    // In start order, each with its own id.
    List<ChildInfo> both = await(DynamicSupervisor.whichChildren(testKit.system(), sup));
    assertEquals(List.of(new ChildInfo(both.get(0).id(), Optional.of(a), false, false),
        new ChildInfo(both.get(1).id(), Optional.of(b), false, false)), both);
    assertNotEquals(both.get(0).id(), both.get(1).id());

    finish(sb, report);
    awaitCounts(testKit, report, sup, new ChildCounts(1, 1, 0));
    assertEquals(List.of(both.get(0)), await(DynamicSupervisor.whichChildren(testKit.system(), sup)));
    testKit.stop(sup.actor());
  }

  @Test
  void countChildrenAnswersWithGenStagesCountNames() throws Exception {
    var sup = workers(workerSpec(report), SupervisorOptions.defaults());
    await(DynamicSupervisor.startChild(testKit.system(), sup, "a"));
    await(DynamicSupervisor.startChild(testKit.system(), sup, "b"));
    expectStarts(report, 2);

    ChildCounts c = counts(testKit, sup);
    assertEquals(1, c.specs()); // one template
    assertEquals(2, c.active());
    assertEquals(2, c.workers()); // every child, restarting or not
    assertEquals(2, c.total());
    assertEquals(0, c.restarting());
    testKit.stop(sup.actor());
  }

  @Test
  void childCountsThatDoNotAddUpAreRefused() {
    assertEquals("ChildCounts: active (1) + restarting (1) must equal total (3)",
        assertThrows(IllegalArgumentException.class, () -> new ChildCounts(1, 3, 1)).getMessage());
    assertEquals("ChildCounts: counts must be >= 0, got active -1, total 0, restarting 1",
        assertThrows(IllegalArgumentException.class, () -> new ChildCounts(-1, 0, 1)).getMessage());
  }

  @Test
  void startChildWithAThrowingFactoryFailsWithThatException() throws Exception {
    IllegalArgumentException refusal = new IllegalArgumentException("no child for bad");
    var sup = workers(ChildSpec.<String>of(arg -> {
      if (arg.equals("bad")) {
        throw refusal;
      }
      return worker(arg, report.getRef());
    }), SupervisorOptions.defaults());

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> await(DynamicSupervisor.startChild(testKit.system(), sup, "bad")));
    assertSame(refusal, e.getCause());
    // The supervisor keeps running.
    assertEquals(new ChildCounts(0, 0, 0), counts(testKit, sup));
    await(DynamicSupervisor.startChild(testKit.system(), sup, "good"));
    expectStarted(report, "good");
    testKit.stop(sup.actor());
  }

  @Test
  void startChildWithAFactoryThrowingACheckedExceptionOrAnErrorFailsWithItAndTheSupervisorKeepsRunning()
      throws Exception {
    IOException checked = new IOException("no file for io");
    AssertionError error = new AssertionError("no child for err");
    var sup = workers(ChildSpec.<String>of(arg -> switch (arg) {
      case "io" -> throw sneaky(checked);
      case "err" -> throw error;
      default -> worker(arg, report.getRef());
    }), SupervisorOptions.defaults());
    await(DynamicSupervisor.startChild(testKit.system(), sup, "a"));
    Started a = expectStarted(report, "a");

    // Each caller gets the factory's throwable at once (await's 5 s is far below no answer at all).
    ExecutionException io = assertThrows(ExecutionException.class,
        () -> await(DynamicSupervisor.startChild(testKit.system(), sup, "io")));
    assertSame(checked, io.getCause());
    ExecutionException err = assertThrows(ExecutionException.class,
        () -> await(DynamicSupervisor.startChild(testKit.system(), sup, "err")));
    assertSame(error, err.getCause());

    // The supervisor and its child keep running.
    assertEquals(new ChildCounts(1, 1, 0), counts(testKit, sup));
    finish(a, report);
    await(DynamicSupervisor.startChild(testKit.system(), sup, "b"));
    expectStarted(report, "b");
    testKit.stop(sup.actor());
  }

  @Test
  void startChildAnswersEmptyWhenTheTemplateStartsNothingForTheArgument() throws Exception {
    var sup = workers(ChildSpec.<String>of(arg -> arg.startsWith("skip") ? ChildSpec.ignore() : worker(arg, report.getRef())),
        SupervisorOptions.defaults().withMaxChildren(1));

    assertEquals(Optional.empty(), await(DynamicSupervisor.startChild(testKit.system(), sup, "skip-1")));
    assertEquals(Optional.empty(), await(DynamicSupervisor.startChild(testKit.system(), sup, "skip-2")));
    report.expectNoMessage(SHORT);
    assertEquals(new ChildCounts(0, 0, 0), counts(testKit, sup));
    // Nothing started takes no place under maxChildren.
    ActorRef<?> a = await(DynamicSupervisor.startChild(testKit.system(), sup, "a")).orElseThrow();
    assertEquals(a, expectStarted(report, "a").child());
    assertCountsThenStop(testKit, sup, new ChildCounts(1, 1, 0));
  }

  @Test
  void maxChildrenRefusesExtraChildrenStartedOnRequest() throws Exception {
    var sup = workers(workerSpec(report), SupervisorOptions.defaults().withMaxChildren(2));
    await(DynamicSupervisor.startChild(testKit.system(), sup, "a"));
    Started a = expectStarted(report, "a");
    await(DynamicSupervisor.startChild(testKit.system(), sup, "b"));
    expectStarted(report, "b");

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> await(DynamicSupervisor.startChild(testKit.system(), sup, "c")));
    IllegalStateException refused = assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(refused.getMessage().contains("maxChildren is 2"), refused.getMessage());
    report.expectNoMessage(SHORT);
    assertEquals(new ChildCounts(2, 2, 0), counts(testKit, sup));

    // A finished child makes room for another.
    finish(a, report);
    awaitCounts(testKit, report, sup, new ChildCounts(1, 1, 0));
    await(DynamicSupervisor.startChild(testKit.system(), sup, "c"));
    expectStarted(report, "c");
    testKit.stop(sup.actor());
  }

  @Test
  void maxChildrenDoesNotBoundChildrenStartedForEvents() throws Exception {
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> worker(n, report.getRef())),
        SupervisorOptions.defaults().withMaxChildren(0),
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(3, 1))));
    var sub = expectSubscribeAndAsk(producer, 3);

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> await(DynamicSupervisor.startChild(testKit.system(), sup, 100)));
    assertTrue(e.getCause().getMessage().contains("maxChildren is 0"), e.getCause().getMessage());
    send(producer, sub, List.of(0, 1, 2));
    assertEquals(Set.of(0, 1, 2), expectStarts(report, 3).keySet());
    assertCountsThenStop(testKit, sup, new ChildCounts(3, 3, 0));
  }

  // ------------------------------------------------------------------ terminateChild

  @Test
  void terminateChildStopsAChildWithoutRestartingIt() throws Exception {
    var sup = workers(workerSpec(report).withRestart(Restart.PERMANENT), SupervisorOptions.defaults());
    await(DynamicSupervisor.startChild(testKit.system(), sup, "a"));
    Started a = expectStarted(report, "a");

    assertEquals(true, await(DynamicSupervisor.terminateChild(testKit.system(), sup, a.child())));
    report.expectTerminated(a.child());
    report.expectNoMessage(SHORT); // a permanent child, yet not restarted
    assertEquals(new ChildCounts(0, 0, 0), counts(testKit, sup));
    assertEquals(false, await(DynamicSupervisor.terminateChild(testKit.system(), sup, a.child())));
    assertEquals(false, await(DynamicSupervisor.terminateChild(testKit.system(), sup, report.getRef())));
    assertEquals("child", assertThrows(NullPointerException.class,
        () -> DynamicSupervisor.terminateChild(testKit.system(), sup, (ActorRef<?>) null)).getMessage());
    assertEquals("id", assertThrows(NullPointerException.class,
        () -> DynamicSupervisor.terminateChild(testKit.system(), sup, (ChildId) null)).getMessage());
    testKit.stop(sup.actor());
  }

  @Test
  void terminateChildWithAShutdownTimeoutLetsTheChildFinishItsWork() throws Exception {
    var sup = workers(
        workerSpec(report).withRestart(Restart.PERMANENT).withShutdown(Shutdown.within(Duration.ofSeconds(10))),
        SupervisorOptions.defaults());
    await(DynamicSupervisor.startChild(testKit.system(), sup, "slow"));
    Started slow = expectStarted(report, "slow");

    CompletableFuture<Boolean> terminated = DynamicSupervisor.terminateChild(testKit.system(), sup, slow.child()).toCompletableFuture();
    // The terminate call has been handled (calls are answered in order); the child still runs.
    assertEquals(new ChildCounts(1, 1, 0), counts(testKit, sup));
    assertFalse(terminated.isDone());
    finish(slow, report); // it finishes its work on its own
    assertEquals(true, await(terminated));
    report.expectNoMessage(SHORT); // and is not restarted
    assertCountsThenStop(testKit, sup, new ChildCounts(0, 0, 0));
  }

  @Test
  void terminateChildStopsAChildThatDoesNotFinishWithinTheShutdownTimeout() throws Exception {
    var sup = workers(workerSpec(report).withShutdown(Shutdown.within(Duration.ofMillis(200))),
        SupervisorOptions.defaults());
    await(DynamicSupervisor.startChild(testKit.system(), sup, "stuck"));
    Started stuck = expectStarted(report, "stuck");

    assertEquals(true, await(DynamicSupervisor.terminateChild(testKit.system(), sup, stuck.child())));
    report.expectTerminated(stuck.child());
    assertCountsThenStop(testKit, sup, new ChildCounts(0, 0, 0));
  }

  // ------------------------------------------------------------------ the shutdown notice, INFINITY

  @Test
  void terminateChildTellsTheChildItsShutdownNoticeSoAnIdleChildStopsLongBeforeTheGracePeriod()
      throws Exception {
    var sup = workers(workerSpec(report).withShutdown(Shutdown.within(Duration.ofSeconds(30)))
        .withShutdownNotice(Finish.INSTANCE), SupervisorOptions.defaults());
    await(DynamicSupervisor.startChild(testKit.system(), sup, "idle"));
    Started idle = expectStarted(report, "idle");

    CompletableFuture<Boolean> terminated =
        DynamicSupervisor.terminateChild(testKit.system(), sup, idle.child()).toCompletableFuture();
    report.expectMessage(new Done("idle")); // told, it finished at once
    report.expectTerminated(idle.child());
    assertEquals(true, terminated.get(3, TimeUnit.SECONDS)); // not 30 s
    assertCountsThenStop(testKit, sup, new ChildCounts(0, 0, 0));
  }

  @Test
  void terminateChildWithAnInfiniteShutdownTellsTheChildAndWaitsUntilItStops() throws Exception {
    var sup = workers(workerSpec(report).withShutdown(Shutdown.INFINITY).withShutdownNotice(Notice.INSTANCE),
        SupervisorOptions.defaults());
    await(DynamicSupervisor.startChild(testKit.system(), sup, "long"));
    Started job = expectStarted(report, "long");

    CompletableFuture<Boolean> terminated =
        DynamicSupervisor.terminateChild(testKit.system(), sup, job.child()).toCompletableFuture();
    report.expectMessage(new Noticed("long"));
    report.expectNoMessage(SHORT);
    assertFalse(terminated.isDone()); // no timer cuts it short
    assertEquals(new ChildCounts(1, 1, 0), counts(testKit, sup));
    finish(job, report);
    assertEquals(true, await(terminated));
    report.expectNoMessage(SHORT);
    assertCountsThenStop(testKit, sup, new ChildCounts(0, 0, 0));
  }

  @Test
  void stoppingTheSupervisorTellsItsChildrenTheNoticeAndWithAnInfiniteShutdownWaitsForThemAll()
      throws Exception {
    var spec = DynamicSupervisor.create(
        workerSpec(report).withShutdown(Shutdown.INFINITY).withShutdownNotice(Notice.INSTANCE));
    testKit.spawn(parentOf(spec.behavior(), report.getRef()));
    var sup = spec.ref(supervisorFrom(report));
    await(DynamicSupervisor.startChild(testKit.system(), sup, "a"));
    await(DynamicSupervisor.startChild(testKit.system(), sup, "b"));
    Map<Object, Started> c = expectStarts(report, 2);

    GenStage.stop(testKit.system(), sup, CancelReason.NORMAL);
    assertEquals(Set.of(new Noticed("a"), new Noticed("b")), Set.of(report.receiveMessage(), report.receiveMessage()));
    report.expectNoMessage(SHORT); // still waiting
    finish(c.get("a"), report);
    report.expectNoMessage(SHORT);
    finish(c.get("b"), report);
    assertEquals(new ChildDied(sup.actor(), null), report.receiveMessage(Duration.ofSeconds(3)));
  }

  // ------------------------------------------------------------------ stopping the supervisor

  @Test
  void stoppingTheSupervisorStopsEveryChildAtOnce() throws Exception {
    var sup = workers(workerSpec(report), SupervisorOptions.defaults());
    await(DynamicSupervisor.startChild(testKit.system(), sup, "a"));
    await(DynamicSupervisor.startChild(testKit.system(), sup, "b"));
    await(DynamicSupervisor.startChild(testKit.system(), sup, "c"));
    Map<Object, Started> c = expectStarts(report, 3);

    GenStage.stop(testKit.system(), sup, CancelReason.NORMAL);
    for (Started s : c.values()) {
      report.expectTerminated(s.child());
    }
    report.expectTerminated(sup.actor());
    report.expectNoMessage(SHORT); // none finished its work
  }

  @Test
  void stoppingTheSupervisorFromOutsideStopsEveryChild() throws Exception {
    var sup = workers(workerSpec(report).withShutdown(Shutdown.within(Duration.ofSeconds(10))),
        SupervisorOptions.defaults());
    await(DynamicSupervisor.startChild(testKit.system(), sup, "a"));
    await(DynamicSupervisor.startChild(testKit.system(), sup, "b"));
    Map<Object, Started> c = expectStarts(report, 2);

    testKit.stop(sup.actor());
    for (Started s : c.values()) {
      report.expectTerminated(s.child());
    }
  }

  @Test
  void stoppingTheSupervisorLetsChildrenFinishWithinTheShutdownTimeout() throws Exception {
    var spec = DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> worker(n, report.getRef())).withShutdown(Shutdown.within(Duration.ofSeconds(10))),
        SubscribeTo.of(probeAsProducer(producer), SubscribeOptions.defaults().withDemand(4, 2)));
    testKit.spawn(parentOf(spec.behavior(), report.getRef()));
    var sup = spec.ref(supervisorFrom(report));
    var sub = expectSubscribeAndAsk(producer, 4);
    Map<Object, Started> c = sendAndExpectStarts(producer, sub, report, List.of(0, 1));

    GenStage.stop(testKit.system(), sup, CancelReason.NORMAL);
    // The supervisor is stopping once it has cancelled its subscription...
    ProducerMessage.Cancel<?> cancel = assertInstanceOf(ProducerMessage.Cancel.class, producer.receiveMessage());
    assertEquals(CancelReason.NORMAL, cancel.reason());
    // ...but waits for its children, which are not cut short: each completes its work.
    report.expectNoMessage(SHORT);
    finish(c.get(0), report);
    report.expectNoMessage(SHORT);
    finish(c.get(1), report);
    // Then it stops, normally, long before the timeout.
    assertEquals(new ChildDied(sup.actor(), null), report.receiveMessage(Duration.ofSeconds(3)));
    producer.expectNoMessage(SHORT); // their exits asked nothing
  }

  @Test
  void stoppingTheSupervisorStopsAChildThatDoesNotFinishWithinTheShutdownTimeout() throws Exception {
    var spec = DynamicSupervisor.create(workerSpec(report).withShutdown(Shutdown.within(Duration.ofMillis(300))));
    testKit.spawn(parentOf(spec.behavior(), report.getRef()));
    var sup = spec.ref(supervisorFrom(report));
    await(DynamicSupervisor.startChild(testKit.system(), sup, "quick"));
    await(DynamicSupervisor.startChild(testKit.system(), sup, "stuck"));
    Map<Object, Started> c = expectStarts(report, 2);

    GenStage.stop(testKit.system(), sup, CancelReason.NORMAL);
    finish(c.get("quick"), report); // still alive after the stop
    assertEquals(new ChildDied(sup.actor(), null), report.receiveMessage(Duration.ofSeconds(3)));
    report.expectTerminated(c.get("stuck").child());
  }

  @SuppressWarnings("unchecked")
  private static ActorRef<Command> supervisorFrom(TestProbe<Object> report) {
    return (ActorRef<Command>) assertInstanceOf(ActorRef.class, report.receiveMessage());
  }

  // ------------------------------------------------------------------ a permanent template as a consumer

  private static final String PERMANENT_REFUSED =
      "children started per event cannot be PERMANENT: they would never free their demand slot; "
          + "use TRANSIENT (restarted after a failure) or TEMPORARY (never restarted)";

  @Test
  void aPermanentTemplateCannotBeSubscribedAtStart() {
    ChildSpec<Integer> permanent = ChildSpec.<Integer>of(n -> Behaviors.empty()).withRestart(Restart.PERMANENT);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DynamicSupervisor.create(permanent, SubscribeTo.of(probeAsProducer(producer))));
    assertEquals(PERMANENT_REFUSED, e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DynamicSupervisor.create(permanent,
        SupervisorOptions.defaults(), SubscribeTo.of(probeAsProducer(producer))));
    producer.expectNoMessage(SHORT);
  }

  @Test
  void aPermanentTemplateRefusesALaterSubscription() throws Exception {
    var sup = spawn(testKit, DynamicSupervisor.create(
        ChildSpec.<Integer>of(n -> worker(n, report.getRef())).withRestart(Restart.PERMANENT)));

    LoggingTestKit.error("DynamicSupervisor refused a subscription").expect(testKit.system(), () -> {
      GenStage.subscribe(testKit.system(), sup, probeAsProducer(producer));
      return null;
    });
    var sub = expectSubscribe(producer);
    ProducerMessage.Cancel<?> cancel = assertInstanceOf(ProducerMessage.Cancel.class, producer.receiveMessage());
    assertEquals(sub.tag(), cancel.tag());
    CancelReason.Failure failure = assertInstanceOf(CancelReason.Failure.class, cancel.reason());
    assertInstanceOf(IllegalArgumentException.class, failure.cause());
    assertEquals(PERMANENT_REFUSED, failure.cause().getMessage());
    producer.expectNoMessage(SHORT); // no ask
    // On request it still works.
    await(DynamicSupervisor.startChild(testKit.system(), sup, 1));
    expectStarted(report, 1);
    testKit.stop(sup.actor());
  }

  // ------------------------------------------------------------------ validation

  @Test
  void supervisorOptionsAreValidated() {
    assertEquals(new SupervisorOptions(3, 5, SupervisorOptions.UNLIMITED), SupervisorOptions.defaults());
    assertEquals("maxRestarts must be >= 0, got: -1",
        assertThrows(IllegalArgumentException.class, () -> SupervisorOptions.defaults().withMaxRestarts(-1))
            .getMessage());
    assertEquals("maxSeconds must be >= 1, got: 0",
        assertThrows(IllegalArgumentException.class, () -> SupervisorOptions.defaults().withMaxSeconds(0))
            .getMessage());
    assertEquals("maxChildren must be >= 0, got: -1",
        assertThrows(IllegalArgumentException.class, () -> SupervisorOptions.defaults().withMaxChildren(-1))
            .getMessage());
    // The bounds themselves are accepted.
    assertEquals(new SupervisorOptions(0, 1, 0),
        SupervisorOptions.defaults().withMaxRestarts(0).withMaxSeconds(1).withMaxChildren(0));
  }

  @Test
  void shutdownAndChildSpecAreValidated() {
    assertEquals(Duration.ZERO, Shutdown.IMMEDIATE.timeout());
    assertEquals(Duration.ofMillis(5), Shutdown.within(Duration.ofMillis(5)).timeout());
    assertEquals("shutdown timeout must be >= 0, got: PT-0.001S",
        assertThrows(IllegalArgumentException.class, () -> Shutdown.within(Duration.ofMillis(-1))).getMessage());

    assertTrue(Shutdown.INFINITY.isInfinite());
    assertFalse(Shutdown.IMMEDIATE.isInfinite());
    assertFalse(Shutdown.within(Duration.ofSeconds(5)).isInfinite());
    assertEquals("Shutdown.INFINITY", Shutdown.INFINITY.toString());
    assertEquals("Shutdown.IMMEDIATE", Shutdown.IMMEDIATE.toString());
    assertEquals("Shutdown.within(PT5S)", Shutdown.within(Duration.ofSeconds(5)).toString());

    ChildSpec<String> spec = ChildSpec.of(arg -> Behaviors.empty());
    assertEquals(Optional.empty(), spec.shutdownNotice());
    assertEquals(Optional.of("stop"), spec.withShutdownNotice("stop").shutdownNotice());
    assertEquals("shutdownNotice",
        assertThrows(NullPointerException.class, () -> spec.withShutdownNotice(null)).getMessage());
    assertEquals(Restart.TEMPORARY, spec.restart());
    assertEquals(Shutdown.IMMEDIATE, spec.shutdown());
    assertEquals(Props.empty(), spec.props());
    assertEquals(Restart.TEMPORARY, ChildSpec.task((String s) -> {}).restart());
    assertEquals("factory", assertThrows(NullPointerException.class, () -> ChildSpec.of(null)).getMessage());
    assertEquals("task", assertThrows(NullPointerException.class, () -> ChildSpec.task(null)).getMessage());
  }

  @Test
  void aNullTemplateOrOptionsIsRefused() {
    assertEquals("template", assertThrows(NullPointerException.class,
        () -> DynamicSupervisor.create((ChildSpec<String>) null)).getMessage());
    assertEquals("template", assertThrows(NullPointerException.class,
        () -> DynamicSupervisor.create((ChildSpec<String>) null, SupervisorOptions.defaults())).getMessage());
    assertEquals("options", assertThrows(NullPointerException.class,
        () -> DynamicSupervisor.create(ChildSpec.<String>of(arg -> Behaviors.empty()), (SupervisorOptions) null)).getMessage());
  }
}
