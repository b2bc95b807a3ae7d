package io.genstage.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.ConsumerRef;
import io.genstage.ProducerRef;
import io.genstage.StageSpec;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.supervisor.DynamicSupervisor.Command;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Children, a probe standing in for a producer, and the steps of driving a supervisor with them. */
final class SupervisorFixtures {
  private SupervisorFixtures() {}

  static final Duration SHORT = Duration.ofMillis(150);

  // ------------------------------------------------------------------ a worker child

  /** What a worker understands. */
  sealed interface WorkerMsg permits Finish, Fail, Notice {}

  /** Finish the work: report {@link Done} and stop normally. */
  enum Finish implements WorkerMsg { INSTANCE }

  /** Fail with an exception. */
  enum Fail implements WorkerMsg { INSTANCE }

  /** Used as a shutdown notice: the worker reports {@link Noticed} and keeps running. */
  enum Notice implements WorkerMsg { INSTANCE }

  /** A worker got a {@link Notice}. */
  record Noticed(Object argument) {}

  /** A worker started (or was restarted) with {@code argument}. */
  record Started(Object argument, ActorRef<WorkerMsg> child) {}

  /** A worker finished its work normally. */
  record Done(Object argument) {}

  /** A child that reports {@link Started} with its own ref and runs until told to finish or fail. */
  static Behavior<WorkerMsg> worker(Object argument, ActorRef<Object> report) {
    return Behaviors.setup(ctx -> {
      report.tell(new Started(argument, ctx.getSelf()));
      return Behaviors.receive(WorkerMsg.class)
          .onMessageEquals(Finish.INSTANCE, () -> {
            report.tell(new Done(argument));
            return Behaviors.stopped();
          })
          .onMessageEquals(Fail.INSTANCE, () -> {
            throw new IllegalStateException("worker " + argument + " fails on purpose");
          })
          .onMessageEquals(Notice.INSTANCE, () -> {
            report.tell(new Noticed(argument));
            return Behaviors.same();
          })
          .build();
    });
  }

  /** A {@link #worker} that also counts how many workers are alive, and the most ever alive at once. */
  static Behavior<WorkerMsg> countedWorker(Object argument, ActorRef<Object> report, AtomicInteger alive,
      AtomicInteger peak) {
    return Behaviors.setup(ctx -> {
      peak.accumulateAndGet(alive.incrementAndGet(), Math::max);
      report.tell(new Started(argument, ctx.getSelf()));
      return Behaviors.receive(WorkerMsg.class)
          .onMessageEquals(Finish.INSTANCE, () -> {
            report.tell(new Done(argument));
            return Behaviors.stopped();
          })
          .onSignal(PostStop.class, s -> {
            alive.decrementAndGet();
            return Behaviors.same();
          })
          .build();
    });
  }

  /** A child that reports {@link Started}, then fails at once. */
  static Behavior<WorkerMsg> failing(Object argument, ActorRef<Object> report) {
    return Behaviors.setup(ctx -> {
      report.tell(new Started(argument, ctx.getSelf()));
      ctx.getSelf().tell(Fail.INSTANCE);
      return Behaviors.receive(WorkerMsg.class)
          .onMessageEquals(Fail.INSTANCE, () -> {
            throw new IllegalStateException("child " + argument + " always fails");
          })
          .build();
    });
  }

  /**
   * Throws {@code t}, checked or not, without declaring it (a "sneaky throw", as Lombok's or a
   * Kotlin factory's checked exceptions reach Java code). Written {@code throw sneaky(t)}.
   */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  static Started expectStarted(TestProbe<Object> report) {
    return assertInstanceOf(Started.class, report.receiveMessage());
  }

  static Started expectStarted(TestProbe<Object> report, Object argument) {
    Started s = expectStarted(report);
    assertEquals(argument, s.argument());
    return s;
  }

  /** {@code n} starts, in any order (children report from their own threads), by argument. */
  static Map<Object, Started> expectStarts(TestProbe<Object> report, int n) {
    Map<Object, Started> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Started s = expectStarted(report);
      assertEquals(null, out.put(s.argument(), s), "started twice: " + s.argument());
    }
    return out;
  }

  /** Tells {@code started}'s child to finish and waits for its {@link Done}. */
  static void finish(Started started, TestProbe<Object> report) {
    started.child().tell(Finish.INSTANCE);
    report.expectMessage(new Done(started.argument()));
  }

  // ------------------------------------------------------------------ a probe playing the producer

  /** A producer reference for a probe that receives the supervisor's protocol messages and answers raw. */
  static ProducerRef<Integer, Void> probeAsProducer(TestProbe<ProducerMessage<Integer>> probe) {
    return ProducerRef.of(probe.getRef());
  }

  static ProducerMessage.Subscribe<Integer> expectSubscribe(TestProbe<ProducerMessage<Integer>> producer) {
    return assertInstanceOf(ProducerMessage.Subscribe.class, producer.receiveMessage());
  }

  static void expectAsk(TestProbe<ProducerMessage<Integer>> producer, ProducerMessage.Subscribe<Integer> sub,
      long demand) {
    ProducerMessage.Ask<?> ask = assertInstanceOf(ProducerMessage.Ask.class, producer.receiveMessage());
    assertEquals(sub.tag(), ask.tag());
    assertEquals(demand, ask.demand());
  }

  /** The consumer's subscribe, then its first ask on that subscription, for {@code demand}. */
  static ProducerMessage.Subscribe<Integer> expectSubscribeAndAsk(TestProbe<ProducerMessage<Integer>> producer,
      long demand) {
    ProducerMessage.Subscribe<Integer> sub = expectSubscribe(producer);
    expectAsk(producer, sub, demand);
    return sub;
  }

  /** The probe producer sends {@code events} on subscription {@code sub}. */
  static void send(TestProbe<ProducerMessage<Integer>> producer, ProducerMessage.Subscribe<Integer> sub,
      List<Integer> events) {
    sub.consumer().tell(new ConsumerMessage.Events<>(producer.getRef(), sub.tag(), events));
  }

  /** The probe producer sends {@code events}, each of which starts one child: the starts, by argument. */
  static Map<Object, Started> sendAndExpectStarts(TestProbe<ProducerMessage<Integer>> producer,
      ProducerMessage.Subscribe<Integer> sub, TestProbe<Object> report, List<Integer> events) {
    send(producer, sub, events);
    return expectStarts(report, events.size());
  }

  // ------------------------------------------------------------------ spawning and waiting

  static <A> ConsumerRef<A, Command> spawn(ActorTestKit testKit, StageSpec<ConsumerRef<A, Command>, Command> spec) {
    return spec.ref(testKit.spawn(spec.behavior()));
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  static ChildCounts counts(ActorTestKit testKit, ConsumerRef<?, Command> sup) throws Exception {
    return await(DynamicSupervisor.countChildren(testKit.system(), sup));
  }

  /** How a test ends: the supervisor holds {@code expected} children; then it is stopped. */
  static void assertCountsThenStop(ActorTestKit testKit, ConsumerRef<?, Command> sup, ChildCounts expected)
      throws Exception {
    assertEquals(expected, counts(testKit, sup));
    testKit.stop(sup.actor());
  }

  /**
   * Waits until the supervisor reports {@code expected}: a child's last message comes before the
   * supervisor has seen it stop.
   */
  static void awaitCounts(ActorTestKit testKit, TestProbe<?> probe, ConsumerRef<?, Command> sup, ChildCounts expected) {
    probe.awaitAssert(() -> {
      try {
        assertEquals(expected, counts(testKit, sup));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return null;
    });
  }
}
