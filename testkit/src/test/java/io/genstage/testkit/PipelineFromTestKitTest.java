package io.genstage.testkit;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.Producer;
import io.genstage.ProducerConsumerRef;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.testing.LogCapturing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A whole pipeline started from an ActorTestKit, with no guardian: docs/testing.md shows it. */
@ExtendWith(LogCapturing.class) // logs printed only for a failing test
class PipelineFromTestKitTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** 1, 2, ..., {@code last}, then stops normally. */
  static final class UpTo extends Producer<Integer, Void> {
    private final int last;
    private int next = 1;

    UpTo(int last) {
      this.last = last;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      List<Integer> out = new ArrayList<>();
      while (out.size() < demand && next <= last) {
        out.add(next++);
      }
      if (next > last) {
        context().stopWhenDrained(CancelReason.NORMAL, java.time.Duration.ofSeconds(5));
      }
      return out;
    }
  }

  // #region pipeline
  @Test
  void numbersThroughADoublerReachTheEndInOrderAndThePipelineEndsNormally() {
    ProducerRef<Integer, Void> numbers = Stages.producer(() -> new UpTo(6)).spawn(testKit.system(), "numbers");
    ProducerConsumerRef<Integer, Integer, Void> doubler = Stages.producerConsumer(Doubler::new,
        SubscribeTo.of(numbers, SubscribeOptions.defaults().withDemand(4, 2)))
        .spawn(testKit.system(), "doubled");
    ConsumerProbe<Integer> end = ConsumerProbe.create(testKit.system());
    end.subscribe(doubler, SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY));
    end.ask(100);
    end.expectNext(2, 4, 6, 8, 10, 12);
    end.expectCancel(CancelReason.NORMAL);
  }
  // #endregion pipeline
}
