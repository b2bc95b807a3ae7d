package io.genstage.testkit;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
import io.genstage.ProducerConsumer;
import io.genstage.ProducerConsumerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.Subscription;
import io.genstage.testing.LogCapturing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A stage with a timer, tested on {@link ManualTime}: docs/testing.md shows it. */
@ExtendWith(LogCapturing.class) // logs printed only for a failing test
class ManualTimeTest {
  static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  static final ManualTime time = ManualTime.get(testKit.system());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  // #region every-second
  /** Holds what it receives and emits it all once a second. */
  static final class EverySecond extends ProducerConsumer<Integer, Integer, Void> {
    private final List<Integer> held = new ArrayList<>();

    @Override
    protected List<Integer> handleEvents(List<Integer> events, Subscription from) {
      if (held.isEmpty()) {
        context().startSingleTimer("flush", "flush", Duration.ofSeconds(1));
      }
      held.addAll(events);
      return List.of();
    }

    @Override
    protected List<Integer> handleInfo(Object info) {
      List<Integer> out = List.copyOf(held);
      held.clear();
      return out;
    }
  }

  @Test
  void emitsWhatItHeldOnceASecondHasPassed() {
    ProducerProbe<Integer> upstream = ProducerProbe.create(testKit.system());
    ProducerConsumerRef<Integer, Integer, Void> stage = Stages.producerConsumer(EverySecond::new,
        SubscribeTo.of(upstream.ref(), SubscribeOptions.defaults().withDemand(10, 5)))
        .spawn(testKit.system(), "every-second");
    ConsumerProbe<Integer> downstream = ConsumerProbe.create(testKit.system());
    downstream.subscribe(stage);
    downstream.ask(10);
    upstream.expectSubscription();
    upstream.expectAsk(10);

    upstream.emit(1, 2, 3);
    upstream.emit(4, 5);
    upstream.expectAsk(5); // both batches handled, so the timer runs from now
    time.timePasses(Duration.ofMillis(999));
    downstream.expectNoEvents(Duration.ofMillis(100));
    time.timePasses(Duration.ofMillis(1));
    downstream.expectBatch(1, 2, 3, 4, 5);
  }
  // #endregion every-second
}
