package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.genstage.fixtures.Sequence;
import io.genstage.internal.StageCommand;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.testing.StageTestKit;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The helpers that expect an answer are Akka asks: on the system's scheduler (ManualTime drives
 * their timeouts), failing at once for a stage that is not running, with errors that say which
 * stage, which operation and how long; and the messages behind them are plain values.
 */
class AsksTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit(ManualTime.config());
  static final ActorTestKit testKit = kit.testKit();
  static final ManualTime time = ManualTime.get(testKit.system());

  /** A producer whose calls are never answered, and which stops when told "stop". */
  static final class Silent extends Producer<Integer, String> {
    @Override
    protected List<Integer> handleDemand(long demand) {
      return List.of();
    }

    @Override
    protected List<Integer> handleCall(String request, CallFrom from) {
      return List.of();
    }

    @Override
    protected List<Integer> handleCast(String command) {
      context().stop(CancelReason.NORMAL);
      return List.of();
    }
  }

  static final class Counting extends Producer<Integer, Void> {
    private final Sequence numbers = new Sequence();

    @Override
    protected List<Integer> handleDemand(long demand) {
      return numbers.next(demand);
    }
  }

  static final class Ignoring extends Consumer<Integer, Void> {
    @Override
    protected void handleEvents(List<Integer> events, Subscription from) {}
  }

  private static Throwable failure(CompletableFuture<?> reply) throws Exception {
    // ManualTime freezes the scheduler, not the clock: a second of real time is "within a second".
    ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(1, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void aCallWithNoAnswerTimesOutWhenManualTimePassesItsTimeoutNamingStageOperationAndWait() throws Exception {
    var stage = kit.spawn(Stages.producer(Silent::new));
    var reply = GenStage.call(testKit.system(), stage, "hello", Duration.ofSeconds(3)).toCompletableFuture();

    time.timePasses(Duration.ofMillis(2900));
    time.expectNoMessageFor(Duration.ofMillis(50), testKit.createTestProbe());
    assertFalse(reply.isDone());

    time.timePasses(Duration.ofMillis(100));
    Throwable error = failure(reply);
    TimeoutException timeout = assertInstanceOf(TimeoutException.class, error);
    assertEquals("GenStage.call to stage [" + stage.actor().path() + "] got no answer within [3000 ms]",
        timeout.getMessage());
  }

  @Test
  void aCallToAStoppedStageFailsAtOnceNamingIt() throws Exception {
    var stage = kit.spawn(Stages.producer(Silent::new));
    TestProbe<Object> probe = testKit.createTestProbe();
    GenStage.cast(stage, "stop");
    probe.expectTerminated(stage.actor());

    Throwable error = failure(GenStage.call(testKit.system(), stage, "hello").toCompletableFuture());

    StageExitException exit = assertInstanceOf(StageExitException.class, error);
    assertEquals(CancelReason.TERMINATED, exit.reason());
    assertTrue(exit.getMessage().contains(stage.actor().path().toString()), exit.getMessage());
    assertTrue(exit.getMessage().contains("GenStage.call"), exit.getMessage());
  }

  @Test
  void aCallToAStageThatStopsBeforeAnsweringFailsAtOnce() throws Exception {
    var stage = kit.spawn(Stages.producer(Silent::new));
    var reply = GenStage.call(testKit.system(), stage, "hello").toCompletableFuture();
    GenStage.cast(stage, "stop");

    StageExitException exit = assertInstanceOf(StageExitException.class, failure(reply));
    assertEquals(CancelReason.TERMINATED, exit.reason());
  }

  @Test
  void everyAskingHelperFailsAtOnceForAStoppedStage() throws Exception {
    var producer = kit.spawn(Stages.producer(Counting::new));
    var consumer = kit.spawn(Stages.consumer(Ignoring::new));
    testKit.stop(producer.actor());
    testKit.stop(consumer.actor());

    List<CompletableFuture<?>> replies = List.of(
        GenStage.subscribe(testKit.system(), consumer, producer).toCompletableFuture(),
        GenStage.syncInfo(testKit.system(), producer, "info").toCompletableFuture(),
        GenStage.demandMode(testKit.system(), producer).toCompletableFuture(),
        GenStage.estimateBufferedCount(testKit.system(), producer).toCompletableFuture());
    List<String> operations = new ArrayList<>();
    for (CompletableFuture<?> reply : replies) {
      StageExitException exit = assertInstanceOf(StageExitException.class, failure(reply));
      operations.add(exit.getMessage().replaceAll(".*\\((GenStage\\.\\w+).*", "$1"));
    }
    assertEquals(List.of("GenStage.subscribe", "GenStage.syncInfo", "GenStage.demandMode",
        "GenStage.estimateBufferedCount"), operations);
  }

  @Test
  void answersStillArriveAndATimeoutMustBePositive() throws Exception {
    var producer = kit.spawn(Stages.producer(Counting::new));
    assertEquals(DemandMode.FORWARD,
        GenStage.demandMode(testKit.system(), producer).toCompletableFuture().get(1, TimeUnit.SECONDS));
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> GenStage.call(testKit.system(), producer, null, Duration.ZERO));
    assertEquals("timeout must be > 0, got: PT0S", zero.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> GenStage.subscribe(testKit.system(), kit.spawn(Stages.consumer(Ignoring::new)), producer,
            SubscribeOptions.defaults(), Duration.ofMillis(-5)));
    assertEquals("timeout must be > 0, got: PT-0.005S", negative.getMessage());
  }

  /** No future, lambda or other live object travels in a message: each is a value a serializer could write. */
  @Test
  void everyMessageIsAPlainValue() {
    List<Class<?>> messages = new ArrayList<>();
    for (Class<?> family : List.of(StageCommand.class, ProducerMessage.class, ConsumerMessage.class)) {
      for (Class<?> c : family.getPermittedSubclasses()) {
        messages.add(c);
      }
    }
    messages.add(StageCommand.StageEnded.class);
    for (Class<?> message : messages) {
      assertTrue(message.isRecord(), message + " is a record");
      for (RecordComponent component : message.getRecordComponents()) {
        Class<?> type = component.getType();
        String where = message.getSimpleName() + "." + component.getName() + ": " + type.getName();
        assertFalse(java.util.concurrent.Future.class.isAssignableFrom(type), where);
        assertFalse(java.util.concurrent.CompletionStage.class.isAssignableFrom(type), where);
        assertFalse(type.getPackageName().equals("java.util.function") || Runnable.class.isAssignableFrom(type), where);
      }
    }
    for (var field : CallFrom.class.getDeclaredFields()) {
      assertEquals(akka.actor.typed.ActorRef.class, field.getType(), "CallFrom holds only the reply-to ref");
    }
  }
}
