package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.genstage.dispatch.BroadcastDispatcher;
import io.genstage.dispatch.DemandDispatcher;
import io.genstage.dispatch.DispatcherFactory;
import io.genstage.dispatch.PartitionDispatcher;
import io.genstage.fixtures.DemandReporter;
import io.genstage.fixtures.RawConsumer;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Long.MAX_VALUE is "unbounded" (the Reactive Streams idiom): a consumer may ask for it more than
 * once, and demand saturates instead of overflowing, through every dispatcher and a
 * producer-consumer's forwarding.
 */
class UnboundedDemandTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  private final TestProbe<Long> demands = testKit.createTestProbe();

  /**
   * Asks for Long.MAX_VALUE twice, then runs {@code afterwards}; returns every event received until
   * {@code count} arrived.
   */
  private static List<Integer> askUnboundedTwice(ProducerRef<Integer, ?> producer, SubscribeOptions<?> options, int count,
      Runnable afterwards) {
    RawConsumer<Integer> consumer = new RawConsumer<>(producer, testKit.createTestProbe()).subscribe(options);
    consumer.ask(Long.MAX_VALUE);
    consumer.ask(Long.MAX_VALUE);
    afterwards.run();
    List<Integer> received = new ArrayList<>();
    while (received.size() < count) {
      received.addAll(consumer.nextEvents()); // a cancel instead of events fails here
    }
    consumer.probe.expectNoMessage(Duration.ofMillis(100));
    return received;
  }

  private ProducerRef<Integer, FinishingTest.Scripted.Command> producer(DispatcherFactory<Integer> dispatcher) {
    return kit.spawn(Stages.producer(FinishingTest.Scripted::new, ProducerOptions.defaults().withDispatcher(dispatcher)));
  }

  @Test
  void eachDispatcherServesAConsumerThatAsksForLongMaxValueTwice() {
    var cases = List.of(
        List.of(DemandDispatcher.<Integer>factory(), SubscribeOptions.defaults()),
        List.of(BroadcastDispatcher.<Integer>factory(), SubscribeOptions.defaults()),
        List.of(PartitionDispatcher.<Integer>factory(1, e -> 0), SubscribeOptions.defaults().withPartition(0)));
    for (List<?> c : cases) {
      @SuppressWarnings("unchecked")
      var producer = producer((DispatcherFactory<Integer>) c.get(0));
      // The events are emitted after both asks: they meet the saturated demand.
      List<Integer> received = askUnboundedTwice(producer, (SubscribeOptions<?>) c.get(1), 5,
          () -> GenStage.cast(producer, new FinishingTest.Scripted.Emit(List.of(0, 1, 2, 3, 4))));
      assertEquals(List.of(0, 1, 2, 3, 4), received, c.get(0).toString());
    }
  }

  static final class PassThrough extends ProducerConsumer<Integer, Integer, Void> {
    @Override
    protected List<Integer> handleEvents(List<Integer> events, Subscription from) {
      return events;
    }
  }

  @Test
  void aProducerConsumerForwardsToAConsumerThatAsksForLongMaxValueTwice() {
    var producer = kit.spawn(Stages.producer(() -> new DemandReporter<Void>(demands.getRef(), 2000)));
    var forwarder = kit.spawn(Stages.producerConsumer(PassThrough::new,
        SubscribeTo.of(producer, SubscribeOptions.defaults().withDemand(100, 50))));

    List<Integer> received = askUnboundedTwice(forwarder, SubscribeOptions.defaults(), 2000, () -> {});

    assertEquals(2000, received.size());
    for (int i = 0; i < 2000; i++) {
      assertEquals(i, received.get(i));
    }
  }
}
