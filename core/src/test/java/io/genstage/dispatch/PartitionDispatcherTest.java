package io.genstage.dispatch;

import static io.genstage.dispatch.Fakes.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genstage.CancelReason;
import io.genstage.SubscribeOptions;
import io.genstage.dispatch.Fakes.FakeConsumer;
import io.genstage.dispatch.Fakes.FakeContext;
import io.genstage.dispatch.Fakes.Info;
import io.genstage.dispatch.Fakes.Sent;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The partition dispatcher driven directly (SEMANTICS.md 5.4 and the class Javadoc). */
class PartitionDispatcherTest {

  final FakeContext ctx = new FakeContext();
  final SubscribeOptions<Object> opts = SubscribeOptions.defaults();
  PartitionDispatcher<Integer> d;
  FakeConsumer<Integer> p0;
  FakeConsumer<Integer> p1;
  FakeConsumer<Integer> p2;

  /**
   * The usual start: a dispatcher with one partition per demand given, consumers p0, p1, ...
   * subscribed to partitions 0, 1, ... in that order, then each asking its demand in that order
   * (0: no ask).
   */
  void given(long... asks) {
    d = partitions(asks.length);
    p0 = on(d, 0);
    p1 = asks.length > 1 ? on(d, 1) : null;
    p2 = asks.length > 2 ? on(d, 2) : null;
    List<FakeConsumer<Integer>> consumers = java.util.Arrays.asList(p0, p1, p2);
    for (int i = 0; i < asks.length; i++) {
      if (asks[i] > 0) {
        d.ask(asks[i], consumers.get(i));
      }
    }
  }

  PartitionDispatcher<Integer> partitions(int count) {
    return (PartitionDispatcher<Integer>) PartitionDispatcher.<Integer>factory(count).create(ctx);
  }

  PartitionDispatcher<Integer> partitions(int count, Function<Integer, ?> hash) {
    return (PartitionDispatcher<Integer>) PartitionDispatcher.<Integer>factory(count, hash).create(ctx);
  }

  /** A consumer subscribed to {@code partition}. */
  FakeConsumer<Integer> on(PartitionDispatcher<Integer> d, Object partition) {
    FakeConsumer<Integer> c = ctx.consumer("p" + partition);
    assertEquals(0, d.subscribe(opts.withPartition(partition), c));
    return c;
  }

  static Map<Object, Integer> backlogs(int... sizes) {
    java.util.LinkedHashMap<Object, Integer> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < sizes.length; i++) {
      m.put(i, sizes[i]);
    }
    return m;
  }

  static Map<Object, Long> demands(long... values) {
    java.util.LinkedHashMap<Object, Long> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(i, values[i]);
    }
    return m;
  }

  // ------------------------------------------------------------------ factory validation

  private static void assertIae(String message, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(message, e.getMessage());
  }

  @Test
  void factoryRejectsOptionsThatCannotWork() {
    assertIae("partitions must be >= 1, got: 0", () -> PartitionDispatcher.factory(0));
    assertIae("partitions must be >= 1, got: -3", () -> PartitionDispatcher.factory(-3));
    assertIae("partitions must be >= 1, got: 0", () -> PartitionDispatcher.factory(0, e -> 0));
    assertIae("partitions must name at least one partition, got: []",
        () -> PartitionDispatcher.factory(List.of(), e -> "a"));
    assertIae("partitions must not repeat a name, got: [a, b, a]",
        () -> PartitionDispatcher.factory(List.of("a", "b", "a"), e -> "a"));

    assertIae("hash must not be null", () -> PartitionDispatcher.factory(List.of("a"), null));
    assertIae("hash must not be null", () -> PartitionDispatcher.factory(2, null));
    assertIae("partitions must not be null", () -> PartitionDispatcher.factory(null, e -> "a"));
  }

  @Test
  void theFactoryCreatesAFreshDispatcherEachTime() {
    DispatcherFactory<Integer> f = PartitionDispatcher.factory(2);
    Dispatcher<Integer> a = f.create(ctx);
    Dispatcher<Integer> b = f.create(ctx);
    assertInstanceOf(PartitionDispatcher.class, a);
    FakeConsumer<Integer> c = ctx.consumer("c");
    a.subscribe(opts.withPartition(0), c);
    // Partition 0 of b is free.
    assertEquals(0, b.subscribe(opts.withPartition(0), ctx.consumer("other")));
  }

  // ------------------------------------------------------------------ subscribe refusals

  private static void assertRefused(String message, Executable call) {
    SubscriptionRefusedException e = assertThrows(SubscriptionRefusedException.class, call);
    CancelReason.Failure failure = assertInstanceOf(CancelReason.Failure.class, e.reason());
    IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, failure.cause());
    assertEquals(message, cause.getMessage());
  }

  @Test
  void aSubscriptionWithoutAPartitionIsRefused() {
    d = partitions(2);
    assertRefused(
        "the partition option is required when subscribing to a producer with a partition dispatcher (one of [0, 1])",
        () -> d.subscribe(opts, ctx.consumer("x")));
  }

  @Test
  void aSubscriptionToAnUnknownPartitionIsRefused() {
    d = partitions(2);
    assertRefused("partition must be one of [0, 1], got: 2", () -> d.subscribe(opts.withPartition(2), ctx.consumer("x")));
    assertRefused("partition must be one of [0, 1], got: even",
        () -> d.subscribe(opts.withPartition("even"), ctx.consumer("y")));
    // Values that print alike are shown with their types.
    assertRefused("partition must be one of [0 (Integer), 1 (Integer)], got: \"0\" (String)",
        () -> d.subscribe(opts.withPartition("0"), ctx.consumer("z")));
    assertRefused("partition must be one of [0 (Integer), 1 (Integer)], got: 1 (Long)",
        () -> d.subscribe(opts.withPartition(1L), ctx.consumer("w")));
  }

  @Test
  void aSubscriptionToATakenPartitionIsRefusedAndLeavesNoTrace() {
    d = partitions(2);
    FakeConsumer<Integer> first = on(d, 0);
    FakeConsumer<Integer> second = ctx.consumer("second");
    assertRefused("partition 0 is already taken by owner-p0", () -> d.subscribe(opts.withPartition(0), second));

    // The refused handle is unknown: its ask returns nothing, its cancel does not free partition 0.
    assertEquals(0, d.ask(5, second));
    assertEquals(0, d.cancel(second));
    assertEquals(0, d.waiting());
    assertEquals(2, d.ask(2, first));
    assertEquals(List.of(), d.dispatch(List.of(0, 2)));
    assertEquals(List.of(List.of(0, 2)), first.batches);
    assertEquals(List.of(), second.batches);
    assertRefused("partition 0 is already taken by owner-p0",
        () -> d.subscribe(opts.withPartition(0), ctx.consumer("third")));
  }

  @Test
  void aPartitionIsFreeAgainOnceItsConsumerHasLeft() {
    d = partitions(2);
    FakeConsumer<Integer> first = on(d, 1);
    d.cancel(first);
    FakeConsumer<Integer> next = on(d, 1);
    assertEquals(3, d.ask(3, next));
    assertEquals(List.of(), d.dispatch(List.of(1, 3, 5)));
    assertEquals(List.of(List.of(1, 3, 5)), next.batches);
  }

  // ------------------------------------------------------------------ routing

  @Test
  void theDefaultHashPlacesIntegersByFloorModOfTheirHashCode() {
    given(0, 0, 0);
    assertEquals(10, d.ask(10, p0));
    assertEquals(10, d.ask(10, p1));
    assertEquals(10, d.ask(10, p2));
    assertEquals(30, d.waiting());

    // floorMod(-1, 3) = 2, floorMod(-2, 3) = 1, floorMod(-3, 3) = 0.
    assertEquals(List.of(), d.dispatch(List.of(0, 1, 2, 3, 4, 5, -1, -2, -3, 7)));
    assertEquals(List.of(List.of(0, 3, -3)), p0.batches);
    assertEquals(List.of(List.of(1, 4, -2, 7)), p1.batches);
    assertEquals(List.of(List.of(2, 5, -1)), p2.batches);
    assertEquals(20, d.waiting());
    assertEquals(demands(7, 6, 7), d.demands());
    assertEquals(backlogs(0, 0, 0), d.backlogs());
  }

  @Test
  void namedPartitionsKeepTheOrderOfEachKey() {
    PartitionDispatcher<String> d = (PartitionDispatcher<String>) PartitionDispatcher.<String>factory(
        List.of("a", "b"), e -> e.substring(0, 1)).create(ctx);
    FakeConsumer<String> a = ctx.consumer("a");
    FakeConsumer<String> b = ctx.consumer("b");
    d.subscribe(opts.withPartition("a"), a);
    d.subscribe(opts.withPartition("b"), b);
    d.ask(10, a);
    d.ask(10, b);

    assertEquals(List.of(), d.dispatch(List.of("a1", "b1", "a2", "a3", "b2")));
    assertEquals(List.of(), d.dispatch(List.of("b3", "a4")));
    assertEquals(List.of(List.of("a1", "a2", "a3"), List.of("a4")), a.batches);
    assertEquals(List.of(List.of("b1", "b2"), List.of("b3")), b.batches);
  }

  @Test
  void eventsBeyondWaitingAreLeftoversInOrder() {
    given(2, 1);
    // 0, 1, 2 use up the 3 waiting; 3 .. 6 come back, whatever partition they are for.
    assertEquals(range(3, 7), d.dispatch(range(0, 7)));
    assertEquals(List.of(List.of(0, 2)), p0.batches);
    assertEquals(List.of(List.of(1)), p1.batches);
    assertEquals(0, d.waiting());
    assertEquals(backlogs(0, 0), d.backlogs());

    // With no waiting at all, everything comes back.
    assertEquals(range(7, 10), d.dispatch(range(7, 10)));
  }

  @Test
  void droppedEventsAreDiscardedDoNotUseWaitingAndAreProducedAgain() {
    d = partitions(2, e -> e < 0 ? PartitionDispatcher.DROP : Math.floorMod(e, 2));
    FakeConsumer<Integer> p0 = on(d, 0);
    FakeConsumer<Integer> p1 = on(d, 1);
    d.ask(2, p0);
    d.ask(2, p1);
    assertEquals(List.of(4), d.dispatch(List.of(-1, 0, -2, 1, 2, -3, 3, 4)));
    assertEquals(List.of(List.of(0, 2)), p0.batches);
    assertEquals(List.of(List.of(1, 3)), p1.batches);
    assertEquals(0, d.waiting());
    assertEquals(backlogs(0, 0), d.backlogs());
    // The producer counted the 3 dropped events against its demand: it is asked for 3 more.
    assertEquals(List.of(3L), ctx.producedMore);

    // A dispatch that drops nothing asks for nothing more; one that stops before a drop neither.
    d.ask(1, p0);
    assertEquals(List.of(-5), d.dispatch(List.of(6, -5)));
    assertEquals(List.of(3L), ctx.producedMore);
  }

  @Test
  void aHashThatNamesNoPartitionFailsNamingTheEventAndThePartition() {
    d = partitions(2, e -> e == 3 ? 7 : 0);
    FakeConsumer<Integer> p0 = on(d, 0);
    d.ask(5, p0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.dispatch(List.of(0, 3)));
    assertEquals("the hash function returned partition 7 for event 3, which is not one of [0, 1]", e.getMessage());
  }

  // ------------------------------------------------------------------ backlogs

  @Test
  void aPartitionWithoutDemandBuildsABacklogServedFirstByItsNextAsk() {
    given(2, 4);
    assertEquals(6, d.waiting());

    assertEquals(List.of(), d.dispatch(range(0, 6)));
    assertEquals(List.of(List.of(0, 2)), p0.batches);
    assertEquals(List.of(List.of(1, 3, 5)), p1.batches);
    assertEquals(backlogs(1, 0), d.backlogs());
    assertEquals(demands(0, 1), d.demands());
    assertEquals(0, d.waiting());

    // Served from the backlog, yet the whole ask goes upstream.
    assertEquals(3, d.ask(3, p0));
    assertEquals(List.of(List.of(0, 2), List.of(4)), p0.batches);
    assertEquals(backlogs(0, 0), d.backlogs());
    assertEquals(demands(2, 1), d.demands());
    assertEquals(3, d.waiting());

    // Back to plain demand: the next events for partition 0 go straight out, as one batch.
    assertEquals(List.of(), d.dispatch(List.of(6, 8)));
    assertEquals(List.of(List.of(0, 2), List.of(4), List.of(6, 8)), p0.batches);
    assertEquals(demands(0, 1), d.demands());
  }

  @Test
  void aBacklogLargerThanTheAskIsServedInPartsInOrder() {
    given(0, 10);
    assertEquals(List.of(), d.dispatch(List.of(0, 2, 4, 6, 8)));
    assertEquals(backlogs(5, 0), d.backlogs());

    assertEquals(2, d.ask(2, p0));
    assertEquals(List.of(List.of(0, 2)), p0.batches);
    assertEquals(backlogs(3, 0), d.backlogs());
    // More events for partition 0 queue behind the backlog, even though demand is now waiting.
    assertEquals(List.of(), d.dispatch(List.of(10)));
    assertEquals(backlogs(4, 0), d.backlogs());
    assertEquals(List.of(List.of(0, 2)), p0.batches);

    assertEquals(10, d.ask(10, p0));
    assertEquals(List.of(List.of(0, 2), List.of(4, 6, 8, 10)), p0.batches);
    assertEquals(demands(6, 10), d.demands());
  }

  @Test
  void anAskThatUsesUpTheBacklogExactlyKeepsHoldingEventsUntilTheNextAsk() {
    given(1, 5);
    assertEquals(List.of(), d.dispatch(List.of(0, 2, 4)));
    assertEquals(List.of(List.of(0)), p0.batches);
    assertEquals(backlogs(2, 0), d.backlogs());

    assertEquals(2, d.ask(2, p0));
    assertEquals(List.of(List.of(0), List.of(2, 4)), p0.batches);
    assertEquals(backlogs(0, 0), d.backlogs());
    assertEquals(demands(0, 5), d.demands());

    // No demand left: the next event for partition 0 waits in the (empty) backlog.
    assertEquals(List.of(), d.dispatch(List.of(6)));
    assertEquals(List.of(List.of(0), List.of(2, 4)), p0.batches);
    assertEquals(backlogs(1, 0), d.backlogs());

    assertEquals(1, d.ask(1, p0));
    assertEquals(List.of(List.of(0), List.of(2, 4), List.of(6)), p0.batches);
  }

  @Test
  void aPartitionWithoutConsumerKeepsItsEventsForItsFirstSubscriber() {
    d = partitions(2);
    FakeConsumer<Integer> p1 = on(d, 1);
    d.ask(6, p1);
    assertEquals(List.of(), d.dispatch(range(0, 6)));
    assertEquals(List.of(List.of(1, 3, 5)), p1.batches);
    assertEquals(backlogs(3, 0), d.backlogs());

    FakeConsumer<Integer> p0 = on(d, 0);
    assertEquals(List.of(), p0.batches);
    assertEquals(5, d.ask(5, p0));
    assertEquals(List.of(List.of(0, 2, 4)), p0.batches);
    assertEquals(demands(2, 3), d.demands());
  }

  // ------------------------------------------------------------------ cancel

  @Test
  void cancelWithDemandMakesItPendingForLaterAsksToAbsorb() {
    given(0, 0);
    assertEquals(5, d.ask(5, p0));
    assertEquals(5, d.ask(5, p1));
    assertEquals(10, d.waiting());

    assertEquals(0, d.cancel(p0));
    assertEquals(5, d.pending());
    assertEquals(demands(0, 5), d.demands());
    assertEquals(10, d.waiting());

    assertEquals(0, d.ask(3, p1));
    assertEquals(2, d.pending());
    assertEquals(2, d.ask(4, p1));
    assertEquals(0, d.pending());
    assertEquals(1, d.ask(1, p1));
    assertEquals(13, d.waiting());
    assertEquals(demands(0, 13), d.demands());
    assertEquals(List.of(), ctx.warnings);
  }

  @Test
  void cancelWithABacklogDiscardsItAndReturnsItsSizeAsDemand() {
    given(1, 5);
    assertEquals(List.of(), d.dispatch(List.of(0, 2, 4, 6)));
    assertEquals(backlogs(3, 0), d.backlogs());
    assertEquals(2, d.waiting());

    assertEquals(3, d.cancel(p0));
    assertEquals(backlogs(0, 0), d.backlogs());
    assertEquals(5, d.waiting());
    assertEquals(0, d.pending());
    assertEquals(
        List.of("Producer [test-producer] discarded [3] events waiting for partition [0], whose consumer left"),
        ctx.warnings);

    // A new consumer of partition 0 does not get the discarded events.
    FakeConsumer<Integer> next = on(d, 0);
    assertEquals(4, d.ask(4, next));
    assertEquals(List.of(), next.batches);
    assertEquals(List.of(), d.dispatch(List.of(8)));
    assertEquals(List.of(List.of(8)), next.batches);
  }

  @Test
  void cancelOfAnUnknownHandleIsHarmless() {
    d = partitions(2);
    FakeConsumer<Integer> p0 = on(d, 0);
    d.ask(3, p0);
    assertEquals(0, d.cancel(ctx.consumer("stranger")));
    assertEquals(demands(3, 0), d.demands());
    assertEquals(3, d.waiting());
    assertEquals(0, d.pending());
    assertEquals(0, d.cancel(p0));
    assertEquals(0, d.cancel(p0)); // twice
    assertEquals(3, d.pending());
  }

  // ------------------------------------------------------------------ info

  @Test
  void infoWithoutBacklogsIsDeliveredAtOnce() {
    d = partitions(2);
    d.info("first");
    FakeConsumer<Integer> p0 = on(d, 0);
    d.ask(2, p0);
    d.dispatch(List.of(0, 2));
    d.info("second");
    assertEquals(List.of("first", "second"), ctx.infos);
  }

  @Test
  void infoWaitsUntilEveryBackloggedPartitionHasFlushedPastIt() {
    given(1, 1, 20);
    assertEquals(List.of(), d.dispatch(List.of(0, 1, 3, 4, 6, 7)));
    assertEquals(backlogs(2, 2, 0), d.backlogs());

    d.info("marker");
    assertEquals(List.of(), ctx.infos);

    // Events for partition 1 that come after the info queue behind it: the info does not wait for them.
    assertEquals(List.of(), d.dispatch(List.of(10)));
    assertEquals(backlogs(2, 3, 0), d.backlogs());

    d.ask(5, p0); // partition 0 flushed
    assertEquals(List.of(List.of(0), List.of(3, 6)), p0.batches);
    assertEquals(List.of(), ctx.infos);

    d.ask(1, p1); // 4 sent, 7 still ahead of the info
    assertEquals(List.of(), ctx.infos);
    d.ask(1, p1); // 7 sent: partition 1 is past the info
    assertEquals(List.of("marker"), ctx.infos);
    assertEquals(List.of(List.of(1), List.of(4), List.of(7)), p1.batches);
    assertEquals(backlogs(0, 1, 0), d.backlogs());

    // The info came after the last event it waited for.
    Fakes.Journal j = ctx.journal;
    assertTrue(j.indexOfEvent(7) < j.indexOfInfo("marker"), j.entries.toString());
    assertTrue(j.indexOfEvent(6) < j.indexOfInfo("marker"), j.entries.toString());
    assertEquals(new Info("marker"), j.entries.get(j.entries.size() - 1));
    assertEquals(new Sent("p1", List.of(7)), j.entries.get(j.entries.size() - 2));

    d.ask(1, p1);
    assertEquals(List.of(List.of(1), List.of(4), List.of(7), List.of(10)), p1.batches);
    assertEquals(List.of("marker"), ctx.infos);
  }

  @Test
  void infosAreDeliveredInTheOrderGiven() {
    given(0, 0, 20);
    assertEquals(List.of(), d.dispatch(List.of(0)));
    assertEquals(backlogs(1, 0, 0), d.backlogs());
    d.info("a"); // waits for partition 0

    assertEquals(List.of(), d.dispatch(List.of(1)));
    assertEquals(backlogs(1, 1, 0), d.backlogs());
    d.info("b"); // waits for partitions 0 and 1

    d.ask(1, p1); // partition 1 past b, but b still waits for partition 0
    assertEquals(List.of(), ctx.infos);
    d.ask(1, p0);
    assertEquals(List.of("a", "b"), ctx.infos);

    // A later info with no backlog left comes after them.
    d.info("c");
    assertEquals(List.of("a", "b", "c"), ctx.infos);
  }

  @Test
  void anInfoCanBeReleasedBeforeALaterOne() {
    given(0, 0, 20);
    d.dispatch(List.of(0));
    d.info("a");
    d.dispatch(List.of(1));
    d.info("b");

    d.ask(1, p0); // partition 0 flushed: a is free, b still waits for partition 1
    assertEquals(List.of("a"), ctx.infos);
    d.ask(1, p1);
    assertEquals(List.of("a", "b"), ctx.infos);
  }

  @Test
  void cancellingABackloggedPartitionReleasesTheInfosQueuedInIt() {
    given(0, 0, 20);
    d.dispatch(List.of(0, 1, 3));
    assertEquals(backlogs(2, 1, 0), d.backlogs());
    d.info("x");

    assertEquals(2, d.cancel(p0));
    assertEquals(List.of(), ctx.infos); // partition 1 still holds events from before it
    assertEquals(1, d.cancel(p1));
    assertEquals(List.of("x"), ctx.infos);
    assertEquals(2, ctx.warnings.size(), ctx.warnings.toString());
  }
}
