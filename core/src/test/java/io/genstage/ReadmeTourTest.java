package io.genstage;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.testing.StageTestKit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's tour, compiled and run: if the README's code stops compiling, this test does too. */
class ReadmeTourTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  static final class Counter extends Producer<Integer, Void> {
    private int next;
    Counter(int start) { next = start; }
    @Override protected List<Integer> handleDemand(long demand) {
      List<Integer> out = new ArrayList<>();
      for (long i = 0; i < demand; i++) out.add(next++);
      return out;
    }
  }

  static final class Printer extends Consumer<Integer, Void> {
    @Override protected void handleEvents(List<Integer> events, Subscription from) {
      context().log().info("got {}", events);
    }
  }

  @Test
  void printerGetsTheCountInBatchesOfFive() {
    LoggingTestKit.info("got [0, 1, 2, 3, 4]").expect(testKit.system(), () -> {
      LoggingTestKit.info("got [5, 6, 7, 8, 9]").expect(testKit.system(), () -> {
        testKit.spawn(Behaviors.<Void>setup(ctx -> {
          ProducerRef<Integer, Void> counter = Stages.producer(() -> new Counter(0)).spawn(ctx, "counter");
          ConsumerRef<Integer, Void> printer = Stages.consumer(Printer::new).spawn(ctx, "printer");
          GenStage.subscribe(ctx.getSystem(), printer, counter, SubscribeOptions.defaults().withMaxDemand(10));
          return Behaviors.empty();
        }));
        return null;
      });
      return null;
    });
  }
}
