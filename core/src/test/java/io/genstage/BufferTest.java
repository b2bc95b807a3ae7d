package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.genstage.fixtures.BatchForwarder;
import io.genstage.fixtures.Emit;
import io.genstage.fixtures.Sequence;
import io.genstage.testing.StageTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The producer's output buffer (SEMANTICS.md §4.3, §4.4): events emitted without demand are kept,
 * served before {@code handleDemand} is asked, and discarded per {@link BufferKeep} on overflow.
 */
class BufferTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();
  static final Duration QUIET = Duration.ofMillis(150);

  // ------------------------------------------------------------------ fixtures

  /**
   * A producer that emits what it is told to through an {@link Emit}, reports each {@code handleDemand}
   * and each {@code formatDiscarded} to probes, and, when {@code counting}, answers demand with
   * 0, 1, 2, ...
   */
  static final class Stash extends Producer<Object, Emit<Object>> {
    private final ActorRef<Long> demands;
    private final ActorRef<Integer> discards;
    private final boolean counting;
    private final boolean warnOnDiscard;
    private final Sequence numbers = new Sequence();

    Stash(ActorRef<Long> demands, ActorRef<Integer> discards, boolean counting, boolean warnOnDiscard) {
      this.demands = demands;
      this.discards = discards;
      this.counting = counting;
      this.warnOnDiscard = warnOnDiscard;
    }

    @Override
    protected List<Object> handleDemand(long demand) {
      demands.tell(demand);
      if (!counting) {
        return List.of();
      }
      return new ArrayList<>(numbers.next(demand));
    }

    @Override
    protected List<Object> handleCast(Emit<Object> command) {
      return command.events();
    }

    @Override
    protected boolean formatDiscarded(int count) {
      discards.tell(count);
      return warnOnDiscard;
    }
  }

  private final TestProbe<Long> demands = testKit.createTestProbe();
  private final TestProbe<Integer> discards = testKit.createTestProbe();
  private final TestProbe<List<Object>> received = testKit.createTestProbe();

  /** A {@link Stash} reporting to this test's probes. */
  private ProducerRef<Object, Emit<Object>> spawnStash(boolean counting, boolean warnOnDiscard,
      ProducerOptions<Object> options) {
    return kit.spawn(Stages.producer(
        () -> new Stash(demands.getRef(), discards.getRef(), counting, warnOnDiscard), options));
  }

  /** Casts {@code events} expecting {@code warning} to be logged; returns the buffered count after. */
  private int castExpectingWarning(ProducerRef<Object, Emit<Object>> producer, String warning, List<Object> events) {
    return LoggingTestKit.warn(warning).expect(testKit.system(), () -> {
      GenStage.cast(producer, new Emit<>(events));
      return bufferedCount(producer);
    });
  }

  /** A buffer of 5 overflowed by 3: it still holds 5, and {@code formatDiscarded} was told of 3. */
  private void assertKeptFiveDiscardedThree(int bufferedCount) {
    assertEquals(5, bufferedCount);
    assertEquals(3, discards.receiveMessage());
  }

  /** The forwarder receives {@code batches}, in order, and then nothing more. */
  @SafeVarargs
  private void expectBatchesThenQuiet(List<Object>... batches) {
    for (List<Object> batch : batches) {
      assertEquals(batch, received.receiveMessage());
    }
    received.expectNoMessage(QUIET);
  }

  private void spawnForwarder(ProducerRef<Object, ?> producer, int maxDemand, int minDemand) {
    var spec = Stages.consumer(() -> new BatchForwarder<Object>(received.getRef()),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withDemand(maxDemand, minDemand)));
    testKit.spawn(spec.behavior());
  }

  /** The producer's buffered count; join() fails after GenStage's 5 s timeout if it does not answer. */
  private static int bufferedCount(ProducerRef<?, ?> producer) {
    return GenStage.estimateBufferedCount(testKit.system(), producer).toCompletableFuture().join();
  }

  private static List<Object> letters(String... s) {
    return List.of((Object[]) s);
  }

  // ------------------------------------------------------------------ tests

  @Test
  void storesEventsWhenThereIsNoDemand() {
    var producer = spawnStash(true, true, ProducerOptions.defaults());
    GenStage.cast(producer, new Emit<>(letters("a", "b", "c", "d", "e")));
    assertEquals(5, bufferedCount(producer));

    spawnForwarder(producer, 4, 0);

    // The first ask (4) is served from the buffer alone: no handleDemand.
    assertEquals(letters("a", "b", "c", "d"), received.receiveMessage());
    // The second ask (4) takes the last buffered event; handleDemand gets only the rest.
    assertEquals(letters("e"), received.receiveMessage());
    assertEquals(3L, demands.receiveMessage());
    assertEquals(List.of(0, 1, 2), received.receiveMessage());
    assertEquals(4L, demands.receiveMessage());
    assertEquals(List.of(3, 4, 5, 6), received.receiveMessage());
    discards.expectNoMessage(QUIET);
  }

  @Test
  void overflowKeepsTheLastEventsByDefaultAndWarns() {
    var producer = spawnStash(false, true, ProducerOptions.defaults().withBufferSize(5));
    GenStage.cast(producer, new Emit<>(letters("a", "b", "c", "d", "e")));
    assertEquals(5, bufferedCount(producer));

    // The warning as docs/stages.md quotes it.
    int count = castExpectingWarning(producer,
        "has discarded [3] events from its buffer (bufferSize [5], 3 discarded in all)", letters("f", "g", "h"));
    assertKeptFiveDiscardedThree(count);

    spawnForwarder(producer, 4, 0);
    assertEquals(letters("d", "e", "f", "g"), received.receiveMessage());
    assertEquals(letters("h"), received.receiveMessage());
    assertEquals(3L, demands.receiveMessage());
    received.expectNoMessage(QUIET);
  }

  @Test
  void overflowWithKeepLastDropsTheOldest() {
    var producer = spawnStash(false, true, ProducerOptions.defaults().withBufferSize(5).withBufferKeep(BufferKeep.LAST));
    GenStage.cast(producer, new Emit<>(letters("a", "b", "c", "d", "e")));
    castExpectingWarning(producer, "discarded [3] events", letters("f", "g", "h"));

    spawnForwarder(producer, 4, 0);
    expectBatchesThenQuiet(letters("d", "e", "f", "g"), letters("h"));
  }

  @Test
  void overflowWithKeepFirstDropsTheNewest() {
    var producer = spawnStash(false, true, ProducerOptions.defaults().withBufferSize(5).withBufferKeep(BufferKeep.FIRST));
    GenStage.cast(producer, new Emit<>(letters("a", "b", "c", "d", "e")));
    int count = castExpectingWarning(producer, "discarded [3] events", letters("f", "g", "h"));
    assertKeptFiveDiscardedThree(count);

    spawnForwarder(producer, 4, 0);
    expectBatchesThenQuiet(letters("a", "b", "c", "d"), letters("e"));
  }

  @Test
  void formatDiscardedReturningFalseSilencesTheWarningButStillDiscards() {
    var producer = spawnStash(false, false, ProducerOptions.defaults().withBufferSize(5));
    int count = LoggingTestKit.warn("discarded").withOccurrences(0).expect(testKit.system(), () -> {
      GenStage.cast(producer, new Emit<>(letters("a", "b", "c", "d", "e")));
      GenStage.cast(producer, new Emit<>(letters("f", "g", "h")));
      // Answered after both casts were handled (same sender): any warning has been logged by now.
      return bufferedCount(producer);
    });
    assertKeptFiveDiscardedThree(count);

    spawnForwarder(producer, 4, 0);
    expectBatchesThenQuiet(letters("d", "e", "f", "g"), letters("h"));
  }

  @Test
  void estimateBufferedCountFollowsTheBuffer() {
    var producer = spawnStash(false, true, ProducerOptions.defaults().withBufferSize(ProducerOptions.UNBOUNDED));
    assertEquals(0, bufferedCount(producer));
    GenStage.cast(producer, new Emit<>(letters("a", "b", "c", "d", "e")));
    assertEquals(5, bufferedCount(producer));
    GenStage.cast(producer, new Emit<>(letters("f", "g", "h")));
    assertEquals(8, bufferedCount(producer));

    spawnForwarder(producer, 10, 0);
    assertEquals(letters("a", "b", "c", "d", "e", "f", "g", "h"), received.receiveMessage());
    assertEquals(2L, demands.receiveMessage());
    assertEquals(0, bufferedCount(producer));
    discards.expectNoMessage(QUIET);
  }

  @Test
  void bufferSizeZeroKeepsNothingAndLogsEveryDiscard() {
    var producer = spawnStash(false, true, ProducerOptions.defaults().withBufferSize(0));

    int count = castExpectingWarning(producer, "discarded [3] events", letters("a", "b", "c"));
    assertEquals(0, count);
    assertEquals(3, discards.receiveMessage());

    // Nothing was kept: the whole first ask reaches handleDemand.
    spawnForwarder(producer, 2, 0);
    assertEquals(2L, demands.receiveMessage());
    received.expectNoMessage(QUIET);

    // With demand for 2, of 3 events emitted at once 2 go out and 1 is discarded.
    count = castExpectingWarning(producer, "discarded [1] events", letters("x", "y", "z"));
    assertEquals(0, count);
    assertEquals(1, discards.receiveMessage());
    assertEquals(letters("x", "y"), received.receiveMessage());
    assertEquals(2L, demands.receiveMessage());
    received.expectNoMessage(QUIET);
  }
}
