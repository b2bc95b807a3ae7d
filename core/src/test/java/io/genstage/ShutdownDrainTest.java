package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.CoordinatedShutdown;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.fixtures.Sequence;
import io.genstage.testing.LogCapturing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link GenStage#drainOnShutdown}: a pipeline drained by Akka's CoordinatedShutdown loses nothing. */
@ExtendWith(LogCapturing.class)
class ShutdownDrainTest {

  /** Counts up for ever, and counts what it emitted. */
  static final class Source extends Producer<Integer, Void> {
    private final Sequence numbers = new Sequence();
    private final AtomicLong emitted;

    Source(AtomicLong emitted) {
      this.emitted = emitted;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      emitted.addAndGet(demand);
      return numbers.next(demand);
    }
  }

  static final class PlusOne extends ProducerConsumer<Integer, Integer, Void> {
    @Override
    protected List<Integer> handleEvents(List<Integer> events, Subscription from) {
      return events.stream().map(i -> i + 1).toList();
    }
  }

  /** Counts what it receives, checks the order, and says when it has seen {@code enough}. */
  static final class Sink extends Consumer<Integer, Void> {
    private final AtomicLong received;
    private final CountDownLatch enough;
    private int expected = 1;

    Sink(AtomicLong received, CountDownLatch enough) {
      this.received = received;
      this.enough = enough;
    }

    @Override
    protected void handleEvents(List<Integer> events, Subscription from) {
      for (int e : events) {
        if (e != expected++) {
          throw new IllegalStateException("expected " + (expected - 1) + ", got " + e);
        }
        received.incrementAndGet();
        enough.countDown();
      }
    }
  }

  /** Each test runs its own actor system: CoordinatedShutdown ends it. */
  private static <R extends StageRef<C>, C> R spawn(ActorTestKit testKit, StageSpec<R, C> spec) {
    return spec.ref(testKit.spawn(spec.behavior()));
  }

  @Test
  void aPipelineWithEventsInFlightIsDrainedOnShutdownAndNothingIsLost() throws Exception {
    ActorTestKit testKit = ActorTestKit.create("drained");
    AtomicLong emitted = new AtomicLong();
    AtomicLong received = new AtomicLong();
    CountDownLatch running = new CountDownLatch(10_000);
    var source = spawn(testKit, Stages.producer(() -> new Source(emitted)));
    var plusOne = spawn(testKit,
        Stages.producerConsumer(PlusOne::new, SubscribeTo.of(source, SubscribeOptions.defaults().withMaxDemand(100))));
    var sink = spawn(testKit,
        Stages.consumer(() -> new Sink(received, running), SubscribeTo.of(plusOne, SubscribeOptions.defaults().withMaxDemand(100))));
    GenStage.drainOnShutdown(testKit.system(), List.of(source), List.of(sink), Duration.ofSeconds(3));
    assertTrue(running.await(10, TimeUnit.SECONDS), "the pipeline runs");

    CoordinatedShutdown.get(testKit.system()).runAll(CoordinatedShutdown.unknownReason())
        .toCompletableFuture().get(15, TimeUnit.SECONDS);

    // Every event the source emitted, in flight or not, reached the sink before the system stopped.
    assertTrue(received.get() >= 10_000);
    assertEquals(emitted.get(), received.get());
  }

  @Test
  void aDrainTimeoutMustBePositive() {
    ActorTestKit testKit = ActorTestKit.create("unused");
    try {
      var source = spawn(testKit, Stages.producer(() -> new Source(new AtomicLong())));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> GenStage.drainOnShutdown(testKit.system(), List.of(source), List.of(), Duration.ZERO));
      assertEquals("timeout must be > 0, got: PT0S", e.getMessage());
    } finally {
      testKit.shutdownTestKit();
    }
  }
}
