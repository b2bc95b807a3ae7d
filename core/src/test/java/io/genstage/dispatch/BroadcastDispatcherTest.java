package io.genstage.dispatch;

import static io.genstage.dispatch.Fakes.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genstage.CancelReason;
import io.genstage.SubscribeOptions;
import io.genstage.dispatch.Fakes.FakeConsumer;
import io.genstage.dispatch.Fakes.FakeContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The broadcast dispatcher driven directly (SEMANTICS.md 5.3 and the class Javadoc). */
class BroadcastDispatcherTest {

  final FakeContext ctx = new FakeContext();
  final BroadcastDispatcher<Integer> d = new BroadcastDispatcher<>(ctx);
  final SubscribeOptions<Object> opts = SubscribeOptions.defaults();
  final FakeConsumer<Integer> c1 = ctx.consumer("c1");
  final FakeConsumer<Integer> c2 = ctx.consumer("c2");
  final FakeConsumer<Integer> c3 = ctx.consumer("c3");

  /**
   * The usual start: consumers c1, c2, ... subscribed in that order, then each asking its demand in
   * that order (0: no ask).
   */
  private void given(long... asks) {
    List<FakeConsumer<Integer>> consumers = List.of(c1, c2, c3).subList(0, asks.length);
    consumers.forEach(c -> d.subscribe(opts, c));
    for (int i = 0; i < asks.length; i++) {
      if (asks[i] > 0) {
        d.ask(asks[i], consumers.get(i));
      }
    }
  }

  private void assertState(List<Long> demands, long waiting, long requested) {
    assertEquals(demands, d.demands(), "demands");
    assertEquals(waiting, d.waiting(), "waiting");
    assertEquals(requested, d.requested(), "requested");
  }

  // ------------------------------------------------------------------ subscribe / ask

  @Test
  void subscribeReturnsZeroAndAddsAConsumerWithoutDemand() {
    assertEquals(0, d.subscribe(opts, c1));
    assertState(List.of(0L), 0, 0);
    assertEquals(0, d.subscribe(opts, c2));
    assertState(List.of(0L, 0L), 0, 0);
    assertEquals(List.of(), ctx.errors);
  }

  @Test
  void askMovesTheCommonMinimumIntoWaitingAndReturnsOnlyNewUpstreamDemand() {
    given(0, 0);

    // c2 has no demand yet: nothing is common, nothing goes upstream.
    assertEquals(0, d.ask(5, c1));
    assertState(List.of(5L, 0L), 0, 0);

    // Now 3 are common: they move into waiting and are requested once.
    assertEquals(3, d.ask(3, c2));
    assertState(List.of(2L, 0L), 3, 3);

    // c2 overtakes c1: only the 2 newly common events are requested.
    assertEquals(2, d.ask(4, c2));
    assertState(List.of(0L, 2L), 5, 5);

    assertEquals(1, d.ask(1, c1));
    assertState(List.of(0L, 1L), 6, 6);
  }

  @Test
  void aSingleConsumersAsksGoStraightUpstream() {
    d.subscribe(opts, c1);
    assertEquals(10, d.ask(10, c1));
    assertState(List.of(0L), 10, 10);
    assertEquals(5, d.ask(5, c1));
    assertState(List.of(0L), 15, 15);
  }

  // ------------------------------------------------------------------ dispatch

  @Test
  void anEventLeavesOnlyWhenEveryConsumerHasDemandForIt() {
    given(10, 0);

    // c2 has asked nothing: everything comes back.
    assertEquals(range(0, 3), d.dispatch(range(0, 3)));
    assertEquals(List.of(), c1.batches);
    assertEquals(List.of(), c2.batches);
    assertState(List.of(10L, 0L), 0, 0);

    // The slowest consumer (c2, 2) bounds what goes out.
    assertEquals(2, d.ask(2, c2));
    assertEquals(List.of(2, 3, 4), d.dispatch(range(0, 5)));
    assertEquals(List.of(range(0, 2)), c1.batches);
    assertEquals(List.of(range(0, 2)), c2.batches);
    assertState(List.of(8L, 0L), 0, 0);

    assertEquals(5, d.ask(5, c2));
    assertState(List.of(3L, 0L), 5, 5);
    assertEquals(List.of(), d.dispatch(range(2, 5)));
    assertEquals(List.of(range(0, 2), range(2, 5)), c1.batches);
    assertEquals(List.of(range(0, 2), range(2, 5)), c2.batches);
    assertState(List.of(3L, 0L), 2, 2);
  }

  @Test
  void everyConsumerGetsEveryEventInTheSameBatch() {
    given(4, 4, 0);
    assertEquals(4, d.ask(4, c3));

    assertEquals(List.of(), d.dispatch(range(0, 4)));
    assertEquals(List.of(range(0, 4)), c1.batches);
    assertEquals(List.of(range(0, 4)), c2.batches);
    assertEquals(List.of(range(0, 4)), c3.batches);
    assertState(List.of(0L, 0L, 0L), 0, 0);
    assertEquals(List.of(), ctx.asksOnBehalf);
  }

  @Test
  void dispatchWithNothingWaitingReturnsEveryEvent() {
    List<Integer> events = range(0, 4);
    // No consumers at all.
    assertSame(events, d.dispatch(events));

    // A consumer without demand.
    d.subscribe(opts, c1);
    assertEquals(events, d.dispatch(events));
    assertEquals(List.of(), c1.batches);
    assertState(List.of(0L), 0, 0);
  }

  @Test
  void eventsBeyondWaitingComeBackInOrder() {
    given(3);
    assertEquals(range(3, 8), d.dispatch(range(0, 8)));
    assertEquals(List.of(range(0, 3)), c1.batches);
    assertState(List.of(0L), 0, 0);
  }

  // ------------------------------------------------------------------ selectors

  @Test
  void selectorsFilterAtTheProducerAndCreditBackWhatTheyReject() {
    BroadcastDispatcher<String> sd = new BroadcastDispatcher<>(ctx);
    FakeConsumer<String> s1 = ctx.consumer("s1");
    FakeConsumer<String> s2 = ctx.consumer("s2");
    sd.subscribe(opts.<String>withSelector(e -> e.startsWith("pre")), s1);
    sd.subscribe(opts.<String>withSelector(e -> e.startsWith("pref")), s2);
    assertEquals(0, sd.ask(4, s1));
    assertEquals(4, sd.ask(4, s2));

    assertEquals(List.of(), sd.dispatch(List.of("pref-1234", "pref-5678", "pre0000", "foo0000")));

    assertEquals(List.of(List.of("pref-1234", "pref-5678", "pre0000")), s1.batches);
    assertEquals(List.of(List.of("pref-1234", "pref-5678")), s2.batches);
    assertEquals(List.of("s1:1", "s2:2"), ctx.asksOnBehalf);
    assertEquals(List.of(0L, 0L), sd.demands());
    assertEquals(0, sd.waiting());
    assertEquals(0, sd.requested());

    // The producer then handles those asks as the consumers' own: demand is common again.
    assertEquals(0, sd.ask(1, s1));
    assertEquals(1, sd.ask(2, s2));
    assertEquals(List.of(0L, 1L), sd.demands());
    assertEquals(1, sd.waiting());
  }

  @Test
  void aBatchTheSelectorEmptiesIsNotSentButItsDemandIsCreditedBack() {
    BroadcastDispatcher<String> sd = new BroadcastDispatcher<>(ctx);
    FakeConsumer<String> picky = ctx.consumer("picky");
    FakeConsumer<String> all = ctx.consumer("all");
    sd.subscribe(opts.<String>withSelector(e -> e.startsWith("x")), picky);
    sd.subscribe(opts, all);
    sd.ask(2, picky);
    assertEquals(2, sd.ask(2, all));

    assertEquals(List.of(), sd.dispatch(List.of("a", "b")));
    assertEquals(List.of(), picky.batches);
    assertEquals(List.of(List.of("a", "b")), all.batches);
    assertEquals(List.of("picky:2"), ctx.asksOnBehalf);
    assertEquals(0, sd.waiting());
  }

  @Test
  void aSelectorThatAcceptsEverythingAsksNothingOnBehalf() {
    BroadcastDispatcher<String> sd = new BroadcastDispatcher<>(ctx);
    FakeConsumer<String> s1 = ctx.consumer("s1");
    sd.subscribe(opts.<String>withSelector(e -> true), s1);
    sd.ask(2, s1);
    assertEquals(List.of(), sd.dispatch(List.of("a", "b")));
    assertEquals(List.of(List.of("a", "b")), s1.batches);
    assertEquals(List.of(), ctx.asksOnBehalf);
  }

  // ------------------------------------------------------------------ one subscription per consumer

  @Test
  void theSameConsumerSubscribingTwiceIsRefusedAndLeavesNoTrace() {
    given(5, 0);
    assertEquals(3, d.ask(3, c2));
    assertState(List.of(2L, 0L), 3, 3);

    FakeConsumer<Integer> again = c1.sameOwnerNewSubscription();
    SubscriptionRefusedException e =
        assertThrows(SubscriptionRefusedException.class, () -> d.subscribe(opts, again));
    assertSame(CancelReason.ALREADY_SUBSCRIBED, e.reason());
    assertState(List.of(2L, 0L), 3, 3); // waiting was not handed back as for a new consumer
    assertEquals(1, ctx.errors.size(), ctx.errors.toString());
    assertTrue(ctx.errors.get(0).contains("owner-c1"), ctx.errors.get(0));
    assertTrue(ctx.errors.get(0).contains("test-producer"), ctx.errors.get(0));

    // The refused handle is unknown: its ask and cancel change nothing, and it is sent nothing.
    assertEquals(0, d.ask(7, again));
    assertEquals(0, d.cancel(again));
    assertState(List.of(2L, 0L), 3, 3);
    assertEquals(List.of(), d.dispatch(range(0, 3)));
    assertEquals(List.of(range(0, 3)), c1.batches);
    assertEquals(List.of(range(0, 3)), c2.batches);
    assertEquals(List.of(), again.batches);

    // Cancelling the refused handle did not free the owner: it is still refused.
    assertThrows(SubscriptionRefusedException.class, () -> d.subscribe(opts, c1.sameOwnerNewSubscription()));
  }

  @Test
  void aConsumerMaySubscribeAgainOnceItsSubscriptionHasEnded() {
    d.subscribe(opts, c1);
    d.cancel(c1);
    FakeConsumer<Integer> again = c1.sameOwnerNewSubscription();
    assertEquals(0, d.subscribe(opts, again));
    assertEquals(4, d.ask(4, again));
    assertEquals(List.of(), d.dispatch(range(0, 4)));
    assertEquals(List.of(range(0, 4)), again.batches);
  }

  // ------------------------------------------------------------------ late subscribers

  @Test
  void aLateSubscribersAskIsCoveredByDemandAlreadyRequested() {
    d.subscribe(opts, c1);
    assertEquals(10, d.ask(10, c1));
    assertState(List.of(0L), 10, 10);

    // The newcomer gave none of the shared demand: it goes back to c1.
    assertEquals(0, d.subscribe(opts, c2));
    assertState(List.of(10L, 0L), 0, 10);

    // The 10 c2 asks for are the 10 already requested: nothing more goes upstream.
    assertEquals(0, d.ask(10, c2));
    assertState(List.of(0L, 0L), 10, 10);

    assertEquals(List.of(), d.dispatch(range(0, 10)));
    assertEquals(List.of(range(0, 10)), c1.batches);
    assertEquals(List.of(range(0, 10)), c2.batches);
    assertState(List.of(0L, 0L), 0, 0);
  }

  @Test
  void aLateSubscriberWhoseEventsArriveBeforeItAsksStillGetsThem() {
    d.subscribe(opts, c1);
    assertEquals(10, d.ask(10, c1));
    d.subscribe(opts, c2);

    // The 10 events c1 asked for arrive before c2 has asked: nobody can take them all, so the
    // producer keeps them in its buffer.
    List<Integer> buffered = d.dispatch(range(0, 10));
    assertEquals(range(0, 10), buffered);
    assertEquals(List.of(), c1.batches);

    // c2 asks: the 10 are now common. The producer moves its buffer only when a call returns
    // demand (Dispatcher Javadoc: "the producer serves it from its buffer first"), so the ask must
    // return it, or the buffered events are never sent and neither consumer ever asks again.
    long demand = d.ask(10, c2);
    assertEquals(10, demand, "demand returned for the events waiting in the producer's buffer");

    // The producer serves that demand from its buffer.
    assertEquals(List.of(), d.dispatch(buffered.subList(0, (int) demand)));
    assertEquals(List.of(range(0, 10)), c1.batches);
    assertEquals(List.of(range(0, 10)), c2.batches);
    assertEquals(0, d.waiting());
    assertEquals(0, d.requested());
  }

  // ------------------------------------------------------------------ cancel

  @Test
  void cancellingTheSlowestConsumerReleasesTheOthersDemand() {
    given(0, 0);
    assertEquals(0, d.ask(10, c1));
    assertEquals(3, d.ask(3, c2));
    assertState(List.of(7L, 0L), 3, 3);

    assertEquals(7, d.cancel(c2));
    assertState(List.of(0L), 10, 10);

    assertEquals(List.of(), d.dispatch(range(0, 10)));
    assertEquals(List.of(range(0, 10)), c1.batches);
    assertEquals(List.of(), c2.batches);
  }

  @Test
  void cancellingTheFastestConsumerReleasesNothing() {
    given(10, 3);
    assertEquals(0, d.cancel(c1));
    assertState(List.of(0L), 3, 3);
  }

  @Test
  void cancelFindsTheConsumerByTag() {
    given(10, 3);
    assertEquals(7, d.cancel(c2.sameSubscription()));
    assertState(List.of(0L), 10, 10);
  }

  @Test
  void cancellingTheLastConsumerClearsWaitingButKeepsWhatWasRequested() {
    d.subscribe(opts, c1);
    assertEquals(5, d.ask(5, c1));
    assertEquals(0, d.cancel(c1));
    assertState(List.of(), 0, 5);

    // The next consumer's ask is covered by the 5 already requested.
    d.subscribe(opts, c2);
    assertEquals(0, d.ask(5, c2));
    assertState(List.of(0L), 5, 5);
    assertEquals(List.of(), d.dispatch(range(0, 5)));
    assertEquals(List.of(range(0, 5)), c2.batches);
    assertEquals(List.of(), c1.batches);
  }

  @Test
  void cancelOfAnUnknownHandleIsHarmless() {
    given(6, 2);
    assertState(List.of(4L, 0L), 2, 2);

    assertEquals(0, d.cancel(ctx.consumer("stranger")));
    assertState(List.of(4L, 0L), 2, 2);

    // Cancelling twice: the second is a stranger too.
    assertEquals(4, d.cancel(c2));
    assertEquals(0, d.cancel(c2));
    assertState(List.of(0L), 6, 6);
  }

  @Test
  void askFromAnUnknownHandleIsHarmless() {
    given(3);
    assertEquals(0, d.ask(9, ctx.consumer("stranger")));
    assertState(List.of(0L), 3, 3);
  }

  // ------------------------------------------------------------------ info, factory

  @Test
  void infoIsDeliveredAtOnce() {
    d.info("empty");
    d.subscribe(opts, c1);
    d.ask(2, c1);
    assertEquals(List.of(2), d.dispatch(range(0, 3)));
    d.info("after");
    assertEquals(List.of("empty", "after"), ctx.infos);
  }

  @Test
  void theFactoryCreatesAFreshDispatcherEachTime() {
    DispatcherFactory<Integer> f = BroadcastDispatcher.factory();
    Dispatcher<Integer> a = f.create(ctx);
    Dispatcher<Integer> b = f.create(ctx);
    assertInstanceOf(BroadcastDispatcher.class, a);
    assertNotSame(a, b);
    a.subscribe(opts, c1);
    assertEquals(List.of(), ((BroadcastDispatcher<Integer>) b).demands());
    // One dispatcher's subscriber is not another's: the same owner may subscribe to b.
    assertEquals(0, b.subscribe(opts, c1.sameOwnerNewSubscription()));
  }

  @Test
  void aNullContextIsRejected() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> new BroadcastDispatcher<Integer>(null));
    assertEquals("context", e.getMessage());
  }
}
