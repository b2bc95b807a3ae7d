package io.genstage.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genstage.SubscribeOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default dispatcher, driven directly with fake consumers and a fake producer context (SEMANTICS.md 5.2). */
class DemandDispatcherTest {

  // ------------------------------------------------------------------ fixtures

  final Fakes.FakeContext ctx = new Fakes.FakeContext();
  final SubscribeOptions<Object> opts = SubscribeOptions.defaults();
  final Fakes.FakeConsumer<Integer> c1 = new Fakes.FakeConsumer<>("1");
  final Fakes.FakeConsumer<Integer> c2 = new Fakes.FakeConsumer<>("2");
  final Fakes.FakeConsumer<Integer> c3 = new Fakes.FakeConsumer<>("3");
  DemandDispatcher<Integer> d;

  /**
   * The usual start: a dispatcher configured with maxDemand 10 (so that no test warns by accident),
   * consumers c1, c2, ... subscribed in that order, then each asking its demand in that order (0: no ask).
   */
  void given(long... asks) {
    start(new DemandDispatcher<>(ctx, false, 10), asks);
  }

  /** As {@link #given}, with a dispatcher that takes its maxDemand from the first ask it sees. */
  void givenMaxFromFirstAsk(long... asks) {
    start(new DemandDispatcher<>(ctx), asks);
  }

  private void start(DemandDispatcher<Integer> dispatcher, long[] asks) {
    d = dispatcher;
    List<Fakes.FakeConsumer<Integer>> consumers = List.of(c1, c2, c3).subList(0, asks.length);
    consumers.forEach(c -> d.subscribe(opts, c));
    for (int i = 0; i < asks.length; i++) {
      if (asks[i] > 0) {
        d.ask(asks[i], consumers.get(i));
      }
    }
  }

  /** What c1 and c2 have been sent in all, batch by batch. */
  private void assertSent(List<List<Integer>> toC1, List<List<Integer>> toC2) {
    assertEquals(toC1, c1.batches);
    assertEquals(toC2, c2.batches);
  }

  /** {@code c} leaves; what it had asked and not been sent is now pending. */
  private void cancelLeavingPending(Fakes.FakeConsumer<Integer> c, long pending) {
    d.cancel(c);
    assertEquals(pending, d.pending());
  }

  /** One round of the shuffle tests: a fresh dispatcher and two consumers that subscribed, then asked. */
  final class Trial {
    final DemandDispatcher<Integer> d;
    final Fakes.FakeConsumer<Integer> c1 = new Fakes.FakeConsumer<>("1");
    final Fakes.FakeConsumer<Integer> c2 = new Fakes.FakeConsumer<>("2");

    Trial(boolean shuffle, long demandEach) {
      d = new DemandDispatcher<>(new Fakes.FakeContext(), shuffle, 0);
      d.subscribe(opts, c1);
      d.subscribe(opts, c2);
      d.ask(demandEach, c1);
      d.ask(demandEach, c2);
    }
  }

  // ------------------------------------------------------------------ subscribe / ask

  @Test
  void subscribeReturnsZeroAndAppendsWithZeroDemand() {
    d = new DemandDispatcher<>(ctx);

    assertEquals(0, d.subscribe(opts, c1));
    assertEquals(List.of(0L), d.demands());
    assertEquals(0, d.subscribe(opts, c2));
    assertEquals(List.of(0L, 0L), d.demands());
    assertEquals(0, d.pending());

    // With no demand nothing is sent: every event comes back.
    assertEquals(Fakes.range(0, 3), d.dispatch(Fakes.range(0, 3)));
    assertSent(List.of(), List.of());
  }

  @Test
  void subscribeAppendsAfterConsumersWithDemand() {
    d = new DemandDispatcher<>(ctx, false, 10);
    d.subscribe(opts, c1);
    assertEquals(7, d.ask(7, c1));
    assertEquals(0, d.subscribe(opts, c2));
    assertEquals(List.of(7L, 0L), d.demands());
  }

  @Test
  void askAddsDemandResortsHighestFirstAndReturnsUpstreamDemand() {
    given(0, 0);

    assertEquals(3, d.ask(3, c1));
    assertEquals(List.of(3L, 0L), d.demands());
    assertEquals(5, d.ask(5, c2));
    assertEquals(List.of(5L, 3L), d.demands()); // c2 moved ahead of c1
    assertEquals(4, d.ask(4, c1));
    assertEquals(List.of(7L, 5L), d.demands()); // c1 back in front: demand accumulates
    assertEquals(0, d.pending());

    // The order is the one dispatch serves: c1 (7) first, then c2 (5).
    assertEquals(List.of(), d.dispatch(Fakes.range(0, 12)));
    assertSent(List.of(Fakes.range(0, 7)), List.of(Fakes.range(7, 12)));
    assertEquals(List.of(0L, 0L), d.demands());
  }

  @Test
  void equalDemandsKeepTheirEarlierOrder() {
    given(0, 0, 0);

    // c2 reaches 2 first, then c1 reaches 2: c2 stays ahead although c1 subscribed earlier.
    d.ask(2, c2);
    d.ask(2, c1);
    assertEquals(List.of(2L, 2L, 0L), d.demands());

    assertEquals(List.of(), d.dispatch(Fakes.range(0, 2)));
    assertEquals(List.of(Fakes.range(0, 2)), c2.batches);
    assertEquals(List.of(), c1.batches);
    assertEquals(List.of(2L, 0L, 0L), d.demands());

    assertEquals(List.of(), d.dispatch(Fakes.range(2, 4)));
    assertEquals(List.of(Fakes.range(2, 4)), c1.batches);
    assertEquals(List.of(0L, 0L, 0L), d.demands());
    assertEquals(List.of(), c3.batches);
  }

  @Test
  void aConsumerServedDownToATieGoesBehindTheOtherConsumer() {
    given(5, 3);

    // c1 gets 2 of its 5 and is left with 3: equal to c2, which was there first.
    assertEquals(List.of(), d.dispatch(Fakes.range(0, 2)));
    assertEquals(List.of(Fakes.range(0, 2)), c1.batches);
    assertEquals(List.of(3L, 3L), d.demands());

    assertEquals(List.of(), d.dispatch(List.of(2)));
    assertEquals(List.of(List.of(2)), c2.batches);
    assertEquals(List.of(3L, 2L), d.demands());
  }

  // ------------------------------------------------------------------ dispatch

  @Test
  void dispatchGivesTheHighestDemandItsShareAsOneBatchThenTheNext() {
    given(2, 5, 1);

    List<Integer> leftovers = d.dispatch(Fakes.range(0, 10));

    // c2 (5) first, then c1 (2), then c3 (1): one batch each, events in order.
    assertEquals(List.of(Fakes.range(0, 5)), c2.batches);
    assertEquals(List.of(Fakes.range(5, 7)), c1.batches);
    assertEquals(List.of(List.of(7)), c3.batches);
    assertEquals(Fakes.range(8, 10), leftovers);
    assertEquals(List.of(0L, 0L, 0L), d.demands());
    assertEquals(0, d.pending());
  }

  @Test
  void dispatchGivesTheBestConsumerAllItsDemandNotAnEvenSplit() {
    given(5, 4);

    assertEquals(List.of(), d.dispatch(Fakes.range(0, 7)));
    assertSent(List.of(Fakes.range(0, 5)), List.of(Fakes.range(5, 7)));
    assertEquals(List.of(2L, 0L), d.demands());
  }

  @Test
  void dispatchOfFewerEventsThanDemandSendsThemAllToTheBestConsumer() {
    given(6, 6);

    assertEquals(List.of(), d.dispatch(Fakes.range(0, 4)));
    assertSent(List.of(Fakes.range(0, 4)), List.of());
    assertEquals(List.of(6L, 2L), d.demands());

    // c2 is now the highest.
    assertEquals(List.of(), d.dispatch(Fakes.range(4, 10)));
    assertEquals(List.of(Fakes.range(4, 10)), c2.batches);
    assertEquals(List.of(2L, 0L), d.demands());

    assertEquals(List.of(12), d.dispatch(Fakes.range(10, 13)));
    assertEquals(List.of(Fakes.range(0, 4), Fakes.range(10, 12)), c1.batches);
    assertEquals(List.of(0L, 0L), d.demands());
  }

  @Test
  void dispatchWithoutConsumersReturnsEverything() {
    d = new DemandDispatcher<>(ctx);
    assertEquals(Fakes.range(0, 4), d.dispatch(Fakes.range(0, 4)));
    assertEquals(List.of(), d.demands());
    assertEquals(0, d.pending());
  }

  @Test
  void twoConsumersWithMaxDemandFourShareEventsInBlocksOfFour() {
    // As with two Counter consumers (max 4, min 2): each subscribes and asks 4, the first one first.
    d = new DemandDispatcher<>(ctx);
    assertEquals(0, d.subscribe(opts.withDemand(4, 2), c1));
    assertEquals(4, d.ask(4, c1));
    assertEquals(0, d.subscribe(opts.withDemand(4, 2), c2));
    assertEquals(4, d.ask(4, c2));

    // The producer answers each demand of 4 with 4 events.
    assertEquals(List.of(), d.dispatch(Fakes.range(0, 4)));
    assertEquals(List.of(), d.dispatch(Fakes.range(4, 8)));

    assertSent(List.of(Fakes.range(0, 4)), List.of(Fakes.range(4, 8)));
    assertEquals(List.of(0L, 0L), d.demands());
    assertEquals(List.of(), ctx.warnings);
  }

  @Test
  void twoConsumersWithMaxDemandFourSplitOneBatchOfEight() {
    d = new DemandDispatcher<>(ctx);
    d.subscribe(opts, c1);
    d.ask(4, c1);
    d.subscribe(opts, c2);
    d.ask(4, c2);

    assertEquals(List.of(8, 9), d.dispatch(Fakes.range(0, 10)));
    assertSent(List.of(Fakes.range(0, 4)), List.of(Fakes.range(4, 8)));
  }

  // ------------------------------------------------------------------ cancel and pending

  @Test
  void cancelRemovesTheConsumerAndLaterAsksAbsorbItsUnservedDemand() {
    given(0, 0);
    assertEquals(10, d.ask(10, c1));
    assertEquals(List.of(), d.dispatch(Fakes.range(0, 4)));
    assertEquals(List.of(6L, 0L), d.demands());

    // c1 leaves with 6 unserved: already asked upstream, so they become pending.
    assertEquals(0, d.cancel(c1));
    assertEquals(List.of(0L), d.demands());
    assertEquals(6, d.pending());

    // The next asks are absorbed up to 6: upstream sees n - absorbed.
    assertEquals(0, d.ask(4, c2));
    assertEquals(2, d.pending());
    assertEquals(List.of(4L), d.demands());
    assertEquals(3, d.ask(5, c2));
    assertEquals(0, d.pending());
    assertEquals(List.of(9L), d.demands());
    assertEquals(2, d.ask(2, c2));
    assertEquals(0, d.pending());
    assertEquals(List.of(11L), d.demands());

    // The cancelled consumer gets nothing more.
    assertEquals(List.of(), d.dispatch(Fakes.range(4, 15)));
    assertSent(List.of(Fakes.range(0, 4)), List.of(Fakes.range(4, 15)));
  }

  @Test
  void cancelFindsTheConsumerByTag() {
    given(3, 5);

    assertEquals(0, d.cancel(c2.sameSubscription()));
    assertEquals(List.of(3L), d.demands());
    assertEquals(5, d.pending());
    assertEquals(List.of(), d.dispatch(Fakes.range(0, 3)));
    assertSent(List.of(Fakes.range(0, 3)), List.of());
  }

  @Test
  void cancelOfAConsumerWithoutDemandLeavesPendingAlone() {
    given(4, 0);
    assertEquals(0, d.cancel(c2));
    assertEquals(List.of(4L), d.demands());
    assertEquals(0, d.pending());
    assertEquals(3, d.ask(3, c1));
  }

  @Test
  void cancelOfAnUnknownHandleIsHarmless() {
    d = new DemandDispatcher<>(ctx, false, 10);
    Fakes.FakeConsumer<Integer> stranger = new Fakes.FakeConsumer<>("stranger");
    d.subscribe(opts, c1);
    d.ask(4, c1);

    assertEquals(0, d.cancel(stranger));
    assertEquals(List.of(4L), d.demands());
    assertEquals(0, d.pending());

    // Cancelling the same consumer twice counts its demand once.
    assertEquals(0, d.cancel(c1));
    assertEquals(0, d.cancel(c1));
    assertEquals(List.of(), d.demands());
    assertEquals(4, d.pending());
  }

  @Test
  void leftoversReducePendingButNeverBelowZero() {
    given(5, 0);
    cancelLeavingPending(c1, 5);

    // Events produced for c1's demand arrive with nobody to take them: they are leftovers and
    // that demand is no longer owed upstream.
    assertEquals(Fakes.range(0, 3), d.dispatch(Fakes.range(0, 3)));
    assertEquals(2, d.pending());
    assertEquals(Fakes.range(3, 8), d.dispatch(Fakes.range(3, 8)));
    assertEquals(0, d.pending());

    assertEquals(4, d.ask(4, c2));
  }

  @Test
  void leftoversAfterServingConsumersReducePending() {
    given(6, 2);
    cancelLeavingPending(c1, 6);

    // 2 go to c2, 3 are left over: pending 6 - 3.
    assertEquals(Fakes.range(2, 5), d.dispatch(Fakes.range(0, 5)));
    assertEquals(List.of(Fakes.range(0, 2)), c2.batches);
    assertEquals(3, d.pending());
  }

  // ------------------------------------------------------------------ info

  @Test
  void infoIsDeliveredThroughTheContextAtOnce() {
    d = new DemandDispatcher<>(ctx);
    d.info("before-anyone");
    assertEquals(List.of("before-anyone"), ctx.infos);

    d.subscribe(opts, c1);
    d.ask(3, c1);
    d.dispatch(Fakes.range(0, 3));
    d.info("after-dispatch");
    assertEquals(List.of("before-anyone", "after-dispatch"), ctx.infos);
    assertEquals(List.of(Fakes.range(0, 3)), c1.batches);
    assertEquals(List.of(), ctx.asksOnBehalf);
  }

  // ------------------------------------------------------------------ maxDemand warning

  @Test
  void anAskAboveTheFirstAskSeenIsWarnedAbout() {
    givenMaxFromFirstAsk(0, 0);

    assertEquals(4, d.ask(4, c1));
    assertEquals(4, d.ask(4, c2));
    assertEquals(3, d.ask(3, c1));
    assertEquals(4, d.ask(4, c1)); // total demand above 4 is fine: only single asks count
    assertEquals(List.of(), ctx.warnings);

    assertEquals(5, d.ask(5, c2)); // still served in full
    assertEquals(1, ctx.warnings.size(), ctx.warnings.toString());
    String warning = ctx.warnings.get(0);
    assertTrue(warning.contains("test-producer"), warning);
    assertTrue(warning.contains("DemandDispatcher expects a maximum demand of [4]"), warning);
    assertTrue(warning.contains("Got demand for [5] events from [2]"), warning);
    assertEquals(List.of(11L, 9L), d.demands());
  }

  @Test
  void theFirstAskDoesNotWarnWhateverItsSize() {
    givenMaxFromFirstAsk(0);
    assertEquals(100_000, d.ask(100_000, c1));
    assertEquals(100_000, d.ask(100_000, c1));
    assertEquals(List.of(), ctx.warnings);
    d.ask(100_001, c1);
    assertEquals(1, ctx.warnings.size());
    assertTrue(ctx.warnings.get(0).contains("maximum demand of [100000]"), ctx.warnings.get(0));
  }

  @Test
  void anAskAboveTheConfiguredMaxDemandIsWarnedAboutEvenFirst() {
    given(0);

    assertEquals(10, d.ask(10, c1));
    assertEquals(2, d.ask(2, c1));
    assertEquals(List.of(), ctx.warnings);

    // A fresh dispatcher configured with 10 whose first ask is 20: the configuration wins.
    Fakes.FakeContext ctx2 = new Fakes.FakeContext();
    DemandDispatcher<Integer> d2 = new DemandDispatcher<>(ctx2, false, 10);
    d2.subscribe(opts, c1);
    assertEquals(20, d2.ask(20, c1));
    assertEquals(1, ctx2.warnings.size());
    assertTrue(ctx2.warnings.get(0).contains("maximum demand of [10]"), ctx2.warnings.get(0));
    assertTrue(ctx2.warnings.get(0).contains("Got demand for [20] events"), ctx2.warnings.get(0));

    // And later asks of 10 still do not warn: the maximum stays 10.
    d2.ask(10, c1);
    assertEquals(1, ctx2.warnings.size());
    d2.ask(11, c1);
    assertEquals(2, ctx2.warnings.size());
  }

  // ------------------------------------------------------------------ shuffle

  @Test
  void withoutShuffleTheFirstOfTwoEqualConsumersAlwaysGetsTheFirstBatch() {
    for (int trial = 0; trial < 200; trial++) {
      Trial t = new Trial(false, 3);
      t.d.dispatch(Fakes.range(0, 3));
      assertEquals(List.of(Fakes.range(0, 3)), t.c1.batches, "trial " + trial);
      assertEquals(List.of(), t.c2.batches, "trial " + trial);
    }
  }

  @Test
  void withShuffleEitherOfTwoEqualConsumersCanGetTheFirstBatch() {
    int firstWins = 0;
    int secondWins = 0;
    for (int trial = 0; trial < 200; trial++) {
      Trial t = new Trial(true, 3);
      assertEquals(List.of(), t.d.dispatch(Fakes.range(0, 3)));
      // Exactly one of them gets the whole batch.
      assertEquals(1, t.c1.batches.size() + t.c2.batches.size(), "trial " + trial);
      if (t.c1.batches.isEmpty()) {
        assertEquals(List.of(Fakes.range(0, 3)), t.c2.batches);
        secondWins++;
      } else {
        assertEquals(List.of(Fakes.range(0, 3)), t.c1.batches);
        firstWins++;
      }
    }
    assertTrue(firstWins > 0, "c1 never got the first batch");
    assertTrue(secondWins > 0, "c2 never got the first batch");
  }

  @Test
  void shuffleHappensOnlyBeforeTheFirstDispatch() {
    for (int trial = 0; trial < 200; trial++) {
      Trial t = new Trial(true, 1);
      t.d.dispatch(List.of(0));
      Fakes.FakeConsumer<Integer> winner = t.c1.batches.isEmpty() ? t.c2 : t.c1;
      Fakes.FakeConsumer<Integer> loser = winner == t.c1 ? t.c2 : t.c1;

      // The winner asks again and now ties with the loser, which is ahead of it; without another
      // shuffle the loser must get the next event, every time.
      t.d.ask(1, winner);
      assertEquals(List.of(1L, 1L), t.d.demands());
      t.d.dispatch(List.of(1));
      assertEquals(List.of(List.of(1)), loser.batches, "trial " + trial);
      assertEquals(List.of(List.of(0)), winner.batches, "trial " + trial);
    }
  }

  // ------------------------------------------------------------------ construction

  @Test
  void negativeMaxDemandIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new DemandDispatcher<Integer>(ctx, false, -1));
    assertEquals("maxDemand must be >= 0 (0 takes the first ask), got: -1", e.getMessage());

    IllegalArgumentException f =
        assertThrows(IllegalArgumentException.class, () -> DemandDispatcher.<Integer>factory(true, -5));
    assertEquals("maxDemand must be >= 0 (0 takes the first ask), got: -5", f.getMessage());
  }

  @Test
  void nullContextIsRejected() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> new DemandDispatcher<Integer>(null, false, 0));
    assertEquals("context", e.getMessage());
  }

  @Test
  void factoriesCreateDemandDispatchersWithTheirOptions() {
    Dispatcher<Integer> plain = DemandDispatcher.<Integer>factory().create(ctx);
    assertInstanceOf(DemandDispatcher.class, plain);

    Fakes.FakeContext ctx2 = new Fakes.FakeContext();
    Dispatcher<Integer> configured = DemandDispatcher.<Integer>factory(false, 5).create(ctx2);
    assertInstanceOf(DemandDispatcher.class, configured);
    configured.subscribe(opts, c1);
    assertEquals(5, configured.ask(5, c1));
    assertEquals(List.of(), ctx2.warnings);
    assertEquals(6, configured.ask(6, c1));
    assertEquals(1, ctx2.warnings.size());
    assertTrue(ctx2.warnings.get(0).contains("maximum demand of [5]"), ctx2.warnings.get(0));

    // Each create gives a fresh dispatcher.
    Dispatcher<Integer> other = DemandDispatcher.<Integer>factory(false, 5).create(ctx2);
    assertEquals(List.of(), ((DemandDispatcher<Integer>) other).demands());
  }
}
