package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.pattern.StatusReply;
import io.genstage.internal.StageCommand;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.genstage.fixtures.Counter;
import io.genstage.fixtures.RawConsumer;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.SubscriptionTag;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calls, casts and infos (SEMANTICS.md §2 call/cast/reply/info rows, §3.1, §4.6): events a callback
 * returns leave before its reply; infos on a producer wait behind its buffered events.
 */
class CallsAndInfosTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();
  static final Duration QUIET = Duration.ofMillis(150);

  // ------------------------------------------------------------------ fixtures

  /** The commands of the {@link Talker} producer: a sealed family of records. */
  sealed interface TalkerCommand permits Emit, EmitThenReply, ReplyThenEmit, Ping, StartTimer {}

  /** As a cast: emit these events. */
  record Emit(List<String> events) implements TalkerCommand {}

  /** As a call: reply "ok" through the context, and emit these events. */
  record EmitThenReply(List<String> events) implements TalkerCommand {}

  /** As a call: reply "early" at once with GenStage.reply, then emit these events. */
  record ReplyThenEmit(List<String> events) implements TalkerCommand {}

  /** As a cast: answer "pong". */
  record Ping(ActorRef<String> replyTo) implements TalkerCommand {}

  /** As a cast: block the stage until the latch opens (lets a test line up what happens next). */

  /** As a cast: start a single timer that delivers {@code info}. */
  record StartTimer(Object info, Duration delay) implements TalkerCommand {}

  /**
   * A producer that emits only what it is told to (its handleDemand emits nothing), handles calls
   * and casts, and forwards every info to a probe.
   */
  static final class Talker extends Producer<String, TalkerCommand> {
    private final ActorRef<Object> infos;

    Talker(ActorRef<Object> infos) {
      this.infos = infos;
    }

    @Override
    protected List<String> handleDemand(long demand) {
      return List.of();
    }

    @Override
    protected List<String> handleCall(TalkerCommand request, CallFrom from) {
      if (request instanceof EmitThenReply e) {
        context().reply(from, "ok");
        return e.events();
      } else if (request instanceof ReplyThenEmit e) {
        GenStage.reply(from, "early");
        return e.events();
      }
      throw new IllegalArgumentException("not a call: " + request);
    }

    @Override
    protected List<String> handleCast(TalkerCommand command) {
      if (command instanceof Emit e) {
        return e.events();
      } else if (command instanceof Ping p) {
        p.replyTo().tell("pong");
      } else if (command instanceof StartTimer t) {
        context().startSingleTimer("timer", t.info(), t.delay());
      }
      return List.of();
    }

    @Override
    protected List<String> handleInfo(Object info) {
      infos.tell(info);
      return List.of();
    }
  }

  /** A producer that handles casts but not calls (handleCall is not overridden). */
  static final class NoCalls extends Producer<String, TalkerCommand> {
    @Override
    protected List<String> handleDemand(long demand) {
      return List.of();
    }

    @Override
    protected List<String> handleCast(TalkerCommand command) {
      return List.of();
    }
  }

  /** A consumer that forwards its infos to a probe. */
  static final class InfoConsumer extends Consumer<String, Void> {
    private final ActorRef<Object> infos;

    InfoConsumer(ActorRef<Object> infos) {
      this.infos = infos;
    }

    @Override
    protected void handleEvents(List<String> events, Subscription from) {}

    @Override
    protected void handleInfo(Object info) {
      infos.tell(info);
    }
  }

  private final TestProbe<Object> seen = testKit.createTestProbe();

  /** A raw consumer that reports to {@code seen} (with the infos), subscribed and asking {@code demand}. */
  private RawConsumer<String> subscribedAsking(ProducerRef<String, ?> producer, long demand) {
    var consumer = new RawConsumer<>(producer, seen).subscribe();
    consumer.ask(demand);
    return consumer;
  }

  /**
   * With nothing buffered, a sync info (whose reply the test waits for) and then an async one
   * ({@code "again"}) both reach handleInfo at once.
   */
  private void expectSyncThenAsyncInfo(StageRef<?> stage, String info) throws Exception {
    await(GenStage.syncInfo(testKit.system(), stage, info));
    assertEquals(info, seen.receiveMessage());
    GenStage.asyncInfo(stage, "again");
    assertEquals("again", seen.receiveMessage());
  }

  private ProducerRef<String, TalkerCommand> spawnTalker(ProducerOptions<? super String> options) {
    return kit.spawn(Stages.producer(() -> new Talker(seen.getRef()), options));
  }

  private ProducerRef<String, TalkerCommand> spawnTalker() {
    return spawnTalker(ProducerOptions.defaults());
  }

  private static int bufferedCount(ProducerRef<?, ?> producer) {
    return GenStage.estimateBufferedCount(testKit.system(), producer).toCompletableFuture().join();
  }

  private static void await(CompletionStage<?> stage) throws Exception {
    stage.toCompletableFuture().get(3, TimeUnit.SECONDS);
  }

  /**
   * Calls {@code producer} with {@code request}, answered to {@link #seen} itself: the reply and
   * the consumer's reports then reach one probe in the order the stage sent them.
   */
  private void callAndMarkReply(ProducerRef<String, TalkerCommand> producer, TalkerCommand request) {
    producer.actor().<Object>unsafeUpcast().tell(new StageCommand.Call(request, new CallFrom(seen.getRef().unsafeUpcast())));
  }

  // ------------------------------------------------------------------ calls and casts

  @Test
  void eventsReturnedByHandleCallLeaveBeforeTheReply() {
    var producer = spawnTalker();
    var consumer = subscribedAsking(producer, 10);

    callAndMarkReply(producer, new EmitThenReply(List.of("a", "b")));

    assertEquals(List.of("a", "b"), consumer.nextEvents());
    assertEquals(StatusReply.success("ok"), seen.receiveMessage());
  }

  @Test
  void eventsWithoutDemandAreBufferedBeforeTheReply() throws Exception {
    var producer = spawnTalker();
    String reply = GenStage.<String, TalkerCommand>call(testKit.system(), producer, new EmitThenReply(List.of("a", "b", "c")))
        .toCompletableFuture().get(3, TimeUnit.SECONDS);
    assertEquals("ok", reply);
    assertEquals(3, bufferedCount(producer));
  }

  @Test
  void anEarlyGenStageReplyLeavesBeforeTheEventsReturned() {
    // GenStage semantic: replying with reply/2 inside handle_call and then returning events
    // delivers the reply first; only a reply through the context waits for the events.
    var producer = spawnTalker();
    var consumer = subscribedAsking(producer, 10);

    callAndMarkReply(producer, new ReplyThenEmit(List.of("a", "b")));

    assertEquals(StatusReply.success("early"), seen.receiveMessage());
    assertEquals(List.of("a", "b"), consumer.nextEvents());
  }

  @Test
  void castAndPlainTellReachHandleCast() {
    var producer = spawnTalker();
    TestProbe<String> pongs = testKit.createTestProbe();
    GenStage.cast(producer, new Ping(pongs.getRef()));
    pongs.expectMessage("pong");
    producer.actor().tell(new Ping(pongs.getRef()));
    pongs.expectMessage("pong");

    var consumer = subscribedAsking(producer, 10);
    GenStage.cast(producer, new Emit(List.of("x")));
    assertEquals(List.of("x"), consumer.nextEvents());
    producer.actor().tell(new Emit(List.of("y", "z")));
    assertEquals(List.of("y", "z"), consumer.nextEvents());
  }

  @Test
  void aCallToAStageWithoutHandleCallFailsItAndItsCaller() throws Exception {
    ProducerRef<String, TalkerCommand> producer = kit.spawn(Stages.producer(NoCalls::new));
    TestProbe<Object> watcher = testKit.createTestProbe();
    CompletableFuture<Object> reply = new CompletableFuture<>();
    LoggingTestKit.error(UnsupportedOperationException.class).expect(testKit.system(), () -> {
      reply.complete(GenStage.call(testKit.system(), producer, new EmitThenReply(List.of("a"))));
      watcher.expectTerminated(producer.actor());
      return null;
    });
    @SuppressWarnings("unchecked")
    var call = ((CompletionStage<Object>) reply.get()).toCompletableFuture();
    // Failed at once, not after the 5 second timeout: the test's own wait is shorter.
    var failure = assertThrows(ExecutionException.class,
        () -> call.get(2, TimeUnit.SECONDS));
    assertInstanceOf(UnsupportedOperationException.class, failure.getCause());
  }

  @Test
  void replyErrorFailsTheCallersCompletionStage() {
    var failing = Stages.<String, String>producer(() -> new Producer<String, String>() {
      @Override protected List<String> handleDemand(long demand) { return List.of(); }
      @Override protected List<String> handleCall(String request, CallFrom from) {
        GenStage.replyError(from, new IllegalArgumentException("no such thing: " + request));
        return List.of();
      }
    });
    ProducerRef<String, String> producer = failing.ref(testKit.spawn(failing.behavior()));
    var call = GenStage.<Object, String>call(testKit.system(), producer, "widget").toCompletableFuture();
    var failure = assertThrows(ExecutionException.class,
        () -> call.get(2, TimeUnit.SECONDS));
    assertEquals("no such thing: widget", failure.getCause().getMessage());
  }

  // ------------------------------------------------------------------ infos

  @Test
  void syncInfoOnAProducerWaitsForTheBufferedEvents() throws Exception {
    var producer = spawnTalker();
    GenStage.cast(producer, new Emit(List.of("a", "b", "c")));
    await(GenStage.syncInfo(testKit.system(), producer, "done"));
    seen.expectNoMessage(QUIET);

    var consumer = subscribedAsking(producer, 2);
    assertEquals(List.of("a", "b"), consumer.nextEvents());
    seen.expectNoMessage(QUIET);

    consumer.ask(1);
    assertEquals(List.of("c"), consumer.nextEvents());
    assertEquals("done", seen.receiveMessage());
    seen.expectNoMessage(QUIET);
  }

  @Test
  void asyncInfoOnAProducerWaitsForTheBufferedEvents() {
    var producer = spawnTalker();
    GenStage.cast(producer, new Emit(List.of("a", "b")));
    GenStage.asyncInfo(producer, "done");
    assertEquals(2, bufferedCount(producer));
    seen.expectNoMessage(QUIET);

    var consumer = subscribedAsking(producer, 5);
    assertEquals(List.of("a", "b"), consumer.nextEvents());
    assertEquals("done", seen.receiveMessage());
  }

  @Test
  void infoOnAProducerWithAnEmptyBufferArrivesAtOnce() throws Exception {
    var producer = spawnTalker();
    expectSyncThenAsyncInfo(producer, "now");
  }

  @Test
  void infosKeepTheirOrderAmongTheBufferedEvents() {
    var producer = spawnTalker();
    GenStage.cast(producer, new Emit(List.of("a", "b")));
    GenStage.asyncInfo(producer, "i1");
    GenStage.asyncInfo(producer, "i2");
    GenStage.cast(producer, new Emit(List.of("c")));
    GenStage.asyncInfo(producer, "i3");
    assertEquals(3, bufferedCount(producer));
    seen.expectNoMessage(QUIET);

    var consumer = subscribedAsking(producer, 10);
    // The drain stops at each info marker, so the events leave as two messages.
    assertEquals(List.of("a", "b"), consumer.nextEvents());
    assertEquals(List.of("c"), consumer.nextEvents());
    assertEquals("i1", seen.receiveMessage());
    assertEquals("i2", seen.receiveMessage());
    assertEquals("i3", seen.receiveMessage());
    seen.expectNoMessage(QUIET);
  }

  @Test
  void anInfoDisplacedByKeepLastOverflowIsDeliveredAtOnce() throws Exception {
    var producer = spawnTalker(ProducerOptions.defaults().withBufferSize(2).withBufferKeep(BufferKeep.LAST));
    GenStage.cast(producer, new Emit(List.of("a", "b")));
    await(GenStage.syncInfo(testKit.system(), producer, "after-b"));

    // "a" is discarded; "b", which the info follows, is still buffered: the info waits.
    GenStage.cast(producer, new Emit(List.of("c")));
    assertEquals(2, bufferedCount(producer));
    seen.expectNoMessage(QUIET);

    // "b" is discarded now: nothing is left before the info, which is delivered without demand.
    GenStage.cast(producer, new Emit(List.of("d")));
    assertEquals("after-b", seen.receiveMessage());
    assertEquals(2, bufferedCount(producer));

    var consumer = subscribedAsking(producer, 10);
    assertEquals(List.of("c", "d"), consumer.nextEvents());
    seen.expectNoMessage(QUIET);
  }

  @Test
  void syncInfoOnAConsumerArrivesAtOnce() throws Exception {
    ConsumerRef<String, Void> consumer = kit.spawn(Stages.consumer(() -> new InfoConsumer(seen.getRef())));
    expectSyncThenAsyncInfo(consumer, "hello");
  }

  @Test
  void aSingleTimerDeliversToHandleInfo() {
    var producer = spawnTalker();
    GenStage.cast(producer, new StartTimer("tick", Duration.ofMillis(20)));
    assertEquals("tick", seen.receiveMessage());
  }

  @Test
  void aNegativeTimerDelayFailsTheStageNamingIt() throws Exception {
    var producer = spawnTalker();
    var completion = GenStage.completion(testKit.system(), producer).toCompletableFuture();
    GenStage.cast(producer, new StartTimer("tick", Duration.ofMillis(-1)));

    var failure = assertThrows(ExecutionException.class, () -> completion.get(5, TimeUnit.SECONDS));
    Throwable cause = assertInstanceOf(StageExitException.class, failure.getCause()).getCause();
    assertEquals("delay must be >= 0, got: PT-0.001S", assertInstanceOf(IllegalArgumentException.class, cause).getMessage());
  }

  @Test
  void handleInfoNotOverriddenLogsAWarningAndTheStageKeepsRunning() {
    ProducerRef<Integer, Void> counter = kit.spawn(Stages.producer(() -> new Counter(0)));
    LoggingTestKit.warn("does not override handleInfo").expect(testKit.system(), () -> {
      GenStage.asyncInfo(counter, "stray");
      return null;
    });

    // Still running: it answers, and serves a consumer.
    assertEquals(0, bufferedCount(counter));
    TestProbe<ConsumerMessage<Integer>> probe = testKit.createTestProbe();
    @SuppressWarnings("unchecked")
    ActorRef<ProducerMessage<Integer>> raw = (ActorRef<ProducerMessage<Integer>>) (ActorRef<?>) counter.actor();
    SubscriptionTag tag = SubscriptionTag.create();
    raw.tell(new ProducerMessage.Subscribe<>(probe.getRef(), tag, SubscribeOptions.defaults(), null, null));
    raw.tell(new ProducerMessage.Ask<>(probe.getRef(), tag, 3));
    var events = assertInstanceOf(ConsumerMessage.Events.class, probe.receiveMessage());
    assertEquals(List.of(0, 1, 2), events.events());
  }
}
