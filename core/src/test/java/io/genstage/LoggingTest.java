package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.DeadLetter;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.eventstream.EventStream;
import io.genstage.fixtures.BatchForwarder;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.event.Level;

/**
 * What a stage logs, and under which name: a pipeline that ends as it should logs nothing a user
 * would take for a problem, and a stage's lines come from a logger named after its handler.
 */
class LoggingTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  /** Doubles each number. */
  static final class Doubler extends ProducerConsumer<Integer, Integer, Void> {
    @Override
    protected List<Integer> handleEvents(List<Integer> events, Subscription from) {
      return events.stream().map(n -> 2 * n).toList();
    }
  }

  @Test
  void aFinitePipelineRunToItsEndLogsNoWarningNoErrorAndNoDeadLetter() throws Exception {
    TestProbe<DeadLetter> deadLetters = testKit.createTestProbe();
    testKit.system().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, deadLetters.getRef()));
    TestProbe<List<Integer>> batches = testKit.createTestProbe();
    TestProbe<Long> demands = testKit.createTestProbe();

    List<Integer> received = LoggingTestKit.custom(e -> e.level().toInt() >= Level.WARN.toInt())
        .withOccurrences(0)
        .expect(testKit.system(), () -> {
          var numbers = kit.spawn(Stages.producer(() -> new FinishingTest.EmitAllThenEnd(
              IntStream.range(0, 1000).boxed().toList(), FinishingTest.Ending.DRAIN, demands.getRef())));
          var doubler = kit.spawn(Stages.producerConsumer(Doubler::new, SubscribeTo.of(numbers)));
          var printer = kit.spawn(Stages.consumer(() -> new BatchForwarder<Integer>(batches.getRef()),
              SubscribeTo.of(doubler, SubscribeOptions.defaults().withMaxDemand(100))));
          List<Integer> all = new ArrayList<>();
          while (all.size() < 1000) {
            all.addAll(batches.receiveMessage());
          }
          try {
            assertEquals(CancelReason.NORMAL, GenStage.completion(testKit.system(), printer)
                .toCompletableFuture().get(5, TimeUnit.SECONDS));
            GenStage.completion(testKit.system(), doubler).toCompletableFuture().get(5, TimeUnit.SECONDS);
            GenStage.completion(testKit.system(), numbers).toCompletableFuture().get(5, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          return all;
        });

    assertEquals(IntStream.range(0, 1000).map(n -> 2 * n).boxed().toList(), received);
    deadLetters.expectNoMessage(Duration.ofMillis(300));
  }

  /** Logs a line of its own for each batch. */
  static final class Chatty extends Consumer<Integer, Void> {
    @Override
    protected void handleEvents(List<Integer> events, Subscription from) {
      context().log().info("got {} events", events.size());
    }
  }

  @Test
  void aStageLogsUnderItsHandlersClassItsOwnLinesAndTheLibrarys() throws Exception {
    var numbers = kit.spawn(Stages.producer(() -> new FinishingTest.EmitAllThenEnd(
        List.of(1, 2, 3), FinishingTest.Ending.DRAIN, testKit.<Long>createTestProbe().getRef())));
    var chatty = Stages.consumer(Chatty::new, SubscribeTo.of(numbers));

    LoggingTestKit.info("got 3 events").withLoggerName(Chatty.class.getName())
        .expect(testKit.system(), () -> LoggingTestKit.info("is stopping after its PERMANENT subscription")
            .withLoggerName(Chatty.class.getName())
            .expect(testKit.system(), () -> kit.spawn(chatty)));
  }
}
