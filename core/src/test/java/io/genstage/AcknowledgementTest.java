package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.genstage.fixtures.Counter;
import io.genstage.protocol.ConsumerMessage.NumberedEvents;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.ProducerMessage.AskUpTo;
import io.genstage.protocol.ProducerMessage.Subscribe;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * At least once with explicit acknowledgement ({@link SubscribeOptions#withExplicitAcknowledgement},
 * {@link StageContext#acknowledge}): the producer keeps events until the handler says they are
 * done, demand follows the acknowledgements, and what was not acknowledged is delivered again.
 */
class AcknowledgementTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();
  static final Duration SHORT = Duration.ofMillis(150);

  static final SubscribeOptions<Object> EXPLICIT = SubscribeOptions.defaults().withDemand(4, 2)
      .withDelivery(Delivery.AT_LEAST_ONCE_REDELIVERED).withExplicitAcknowledgement();

  /** Forwards each batch; acknowledges the count it is told (a cast) on the last subscription seen. */
  static final class Acknowledging extends Consumer<Integer, Long> {
    private final ActorRef<List<Integer>> batches;
    private Subscription from;

    Acknowledging(ActorRef<List<Integer>> batches) {
      this.batches = batches;
    }

    @Override
    protected void handleEvents(List<Integer> events, Subscription from) {
      this.from = from;
      batches.tell(List.copyOf(events));
    }

    @Override
    protected void handleCast(Long count) {
      context().acknowledge(from, count);
    }
  }

  private final TestProbe<ProducerMessage<Integer>> producer = testKit.createTestProbe();
  private final TestProbe<List<Integer>> batches = testKit.createTestProbe();

  private ConsumerRef<Integer, Long> acknowledgingConsumer(SubscribeOptions<Object> options) {
    return kit.spawn(Stages.consumer(() -> new Acknowledging(batches.getRef()),
        SubscribeTo.of(ProducerRef.of(producer.getRef()), options)));
  }

  @SuppressWarnings("unchecked")
  private Subscribe<Integer> expectSubscribe() {
    return assertInstanceOf(Subscribe.class, producer.receiveMessage());
  }

  private AskUpTo<?> expectAskUpTo(long received, long upTo) {
    AskUpTo<?> ask = assertInstanceOf(AskUpTo.class, producer.receiveMessage());
    assertEquals(List.of(received, upTo), List.of(ask.received(), ask.upTo()), "received, upTo");
    return ask;
  }

  @Test
  void demandFollowsTheAcknowledgementsNotTheReturnOfHandleEvents() {
    var consumer = acknowledgingConsumer(EXPLICIT);
    Subscribe<Integer> subscribe = expectSubscribe();
    expectAskUpTo(0, 4);

    subscribe.consumer().tell(new NumberedEvents<>(producer.getRef(), subscribe.tag(), 1, List.of(10, 11, 12, 13)));
    // Handed over in slices of max - min; handled, yet not acknowledged: no more demand.
    assertEquals(List.of(10, 11), batches.receiveMessage());
    assertEquals(List.of(12, 13), batches.receiveMessage());
    producer.expectNoMessage(SHORT);

    GenStage.cast(consumer, 1L); // 3 events still owed or unacknowledged: above min demand 2
    producer.expectNoMessage(SHORT);
    GenStage.cast(consumer, 2L); // 1 left: ask up to 3 + 4, acknowledging events 1 to 3
    expectAskUpTo(3, 7);
  }

  @Test
  void eventsNotAcknowledgedWhenTheConsumerStopsGoFirstToTheNextConsumer() throws Exception {
    var numbers = kit.spawn(Stages.producer(() -> new Counter(0)));
    var first = kit.spawn(Stages.consumer(() -> new Acknowledging(batches.getRef()),
        SubscribeTo.of(numbers, EXPLICIT.withDemand(10, 5))));
    assertEquals(List.of(0, 1, 2, 3, 4), batches.receiveMessage());
    assertEquals(List.of(5, 6, 7, 8, 9), batches.receiveMessage());
    GenStage.cast(first, 5L); // 0 to 4 are done; five more come
    assertEquals(List.of(10, 11, 12, 13, 14), batches.receiveMessage());

    assertEquals(CancelReason.NORMAL, GenStage.stop(testKit.system(), first, CancelReason.NORMAL)
        .toCompletableFuture().get(5, TimeUnit.SECONDS));
    TestProbe<List<Integer>> next = testKit.createTestProbe();
    kit.spawn(Stages.consumer(() -> new io.genstage.fixtures.BatchForwarder<Integer>(next.getRef()),
        SubscribeTo.of(numbers, SubscribeOptions.defaults().withMaxDemand(20))));

    List<Integer> received = new ArrayList<>();
    while (received.size() < 20) {
      received.addAll(next.receiveMessage());
    }
    assertEquals(IntStream.range(5, 25).boxed().toList(), received.subList(0, 20));
  }

  /** Hands a consumer with {@code options} one event, makes it acknowledge {@code count}: why it failed. */
  private Throwable failureOfAcknowledging(SubscribeOptions<Object> options, long count) {
    var consumer = acknowledgingConsumer(options);
    Subscribe<Integer> subscribe = expectSubscribe();
    var completion = GenStage.completion(testKit.system(), consumer).toCompletableFuture();
    subscribe.consumer().tell(new NumberedEvents<>(producer.getRef(), subscribe.tag(), 1, List.of(10)));
    batches.receiveMessage();

    GenStage.cast(consumer, count);

    var failed = assertThrows(ExecutionException.class, () -> completion.get(5, TimeUnit.SECONDS));
    return failed.getCause().getCause();
  }

  @Test
  void acknowledgingMoreThanWasHandedOverFailsTheStageNamingTheCounts() {
    var error = assertInstanceOf(IllegalArgumentException.class, failureOfAcknowledging(EXPLICIT, 2));
    assertEquals("cannot acknowledge [2] events on its subscription to [" + producer.getRef()
        + "]: [1] were handed to handleEvents and not yet acknowledged", afterStageName(error));
  }

  @Test
  void acknowledgingOnASubscriptionThatAcknowledgesByReturningFailsTheStageSayingHowToOptIn() {
    var error = assertInstanceOf(IllegalStateException.class,
        failureOfAcknowledging(SubscribeOptions.defaults().withDelivery(Delivery.AT_LEAST_ONCE), 1));
    assertEquals("cannot acknowledge events on its subscription to [" + producer.getRef()
        + "]: its events are acknowledged when handleEvents returns"
        + " (subscribe with SubscribeOptions.withExplicitAcknowledgement() to acknowledge them yourself)",
        afterStageName(error));
  }

  /** The message after "stage <the consumer's path> ". */
  private static String afterStageName(Throwable error) {
    String message = error.getMessage();
    assertEquals("stage ", message.substring(0, 6), message);
    return message.substring(message.indexOf(' ', 6) + 1);
  }

  @Test
  void explicitAcknowledgementNeedsAtLeastOnceDelivery() {
    var error = assertThrows(IllegalArgumentException.class,
        () -> SubscribeOptions.defaults().withExplicitAcknowledgement());
    assertEquals("explicitAcknowledgement needs a delivery of AT_LEAST_ONCE or AT_LEAST_ONCE_REDELIVERED, got: AT_MOST_ONCE",
        error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EXPLICIT.withDelivery(Delivery.AT_MOST_ONCE));
  }
}
