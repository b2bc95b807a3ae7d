package io.genstage.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genstage.SubscribeOptions;
import io.genstage.protocol.SubscriptionTag;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/** The default dispatcher, driven directly with fake consumers and a fake producer context (SEMANTICS.md 5.2). */
class DemandDispatcherTest {

  // ------------------------------------------------------------------ fixtures

  /** A consumer handle that records every batch it is sent. Equal by tag, as the SPI requires. */
  static final class RecordingConsumer implements ConsumerHandle<Integer> {
    final String name;
    final SubscriptionTag tag;
    final Object owner;
    final List<List<Integer>> batches = new ArrayList<>();

    RecordingConsumer(String name) {
      this(name, SubscriptionTag.create(), new Object());
    }

    RecordingConsumer(String name, SubscriptionTag tag, Object owner) {
      this.name = name;
      this.tag = tag;
      this.owner = owner;
    }

    /** Another handle for the same subscription (equal tag, different object). */
    RecordingConsumer sameSubscription() {
      return new RecordingConsumer(name + "'", tag, owner);
    }

    @Override
    public SubscriptionTag tag() {
      return tag;
    }

    @Override
    public Object owner() {
      return owner;
    }

    @Override
    public void send(List<Integer> events) {
      batches.add(List.copyOf(events));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ConsumerHandle<?> h && h.tag().equals(tag);
    }

    @Override
    public int hashCode() {
      return tag.hashCode();
    }

    @Override
    public String toString() {
      return "consumer-" + name;
    }
  }

  /** A producer context that records delivered infos, asks on behalf and warnings. */
  static final class RecordingContext implements DispatcherContext {
    final List<Object> infos = new ArrayList<>();
    final List<String> asksOnBehalf = new ArrayList<>();
    final List<Long> producedMore = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final Logger logger = recordingLogger(warnings);

    @Override
    public void deliverInfo(Object info) {
      infos.add(info);
    }

    @Override
    public void askOnBehalf(ConsumerHandle<?> consumer, long demand) {
      asksOnBehalf.add(consumer + ":" + demand);
    }

    @Override
    public void produceMore(long demand) {
      producedMore.add(demand);
    }

    @Override
    public Logger log() {
      return logger;
    }

    @Override
    public String producerName() {
      return "test-producer";
    }
  }

  /** An SLF4J logger that keeps the formatted text of each warn call and ignores everything else. */
  static Logger recordingLogger(List<String> warnings) {
    return (Logger) Proxy.newProxyInstance(
        DemandDispatcherTest.class.getClassLoader(),
        new Class<?>[] {Logger.class},
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("warn") && args != null && args.length >= 1 && args[0] instanceof String format) {
            Object[] params;
            if (args.length == 2 && args[1] instanceof Object[] varargs) {
              params = varargs;
            } else {
              params = java.util.Arrays.copyOfRange(args, 1, args.length);
            }
            warnings.add(MessageFormatter.arrayFormat(format, params).getMessage());
            return null;
          }
          if (name.equals("getName") || name.equals("toString")) {
            return "recording-logger";
          }
          if (name.equals("hashCode")) {
            return System.identityHashCode(proxy);
          }
          if (name.equals("equals")) {
            return proxy == args[0];
          }
          if (method.getReturnType() == boolean.class) {
            return name.startsWith("is"); // every level enabled
          }
          return null;
        });
  }

  final RecordingContext ctx = new RecordingContext();
  final SubscribeOptions opts = SubscribeOptions.defaults();

  static List<Integer> range(int fromInclusive, int toExclusive) {
    return IntStream.range(fromInclusive, toExclusive).boxed().toList();
  }

  // ------------------------------------------------------------------ subscribe / ask

  @Test
  void subscribeReturnsZeroAndAppendsWithZeroDemand() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");

    assertEquals(0, d.subscribe(opts, c1));
    assertEquals(List.of(0L), d.demands());
    assertEquals(0, d.subscribe(opts, c2));
    assertEquals(List.of(0L, 0L), d.demands());
    assertEquals(0, d.pending());

    // With no demand nothing is sent: every event comes back.
    assertEquals(range(0, 3), d.dispatch(range(0, 3)));
    assertEquals(List.of(), c1.batches);
    assertEquals(List.of(), c2.batches);
  }

  @Test
  void subscribeAppendsAfterConsumersWithDemand() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    d.subscribe(opts, c1);
    assertEquals(7, d.ask(7, c1));
    assertEquals(0, d.subscribe(opts, c2));
    assertEquals(List.of(7L, 0L), d.demands());
  }

  @Test
  void askAddsDemandResortsHighestFirstAndReturnsUpstreamDemand() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    d.subscribe(opts, c1);
    d.subscribe(opts, c2);

    assertEquals(3, d.ask(3, c1));
    assertEquals(List.of(3L, 0L), d.demands());
    assertEquals(5, d.ask(5, c2));
    assertEquals(List.of(5L, 3L), d.demands()); // c2 moved ahead of c1
    assertEquals(4, d.ask(4, c1));
    assertEquals(List.of(7L, 5L), d.demands()); // c1 back in front: demand accumulates
    assertEquals(0, d.pending());

    // The order is the one dispatch serves: c1 (7) first, then c2 (5).
    assertEquals(List.of(), d.dispatch(range(0, 12)));
    assertEquals(List.of(range(0, 7)), c1.batches);
    assertEquals(List.of(range(7, 12)), c2.batches);
    assertEquals(List.of(0L, 0L), d.demands());
  }

  @Test
  void equalDemandsKeepTheirEarlierOrder() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    RecordingConsumer c3 = new RecordingConsumer("3");
    d.subscribe(opts, c1);
    d.subscribe(opts, c2);
    d.subscribe(opts, c3);

    // c2 reaches 2 first, then c1 reaches 2: c2 stays ahead although c1 subscribed earlier.
    d.ask(2, c2);
    d.ask(2, c1);
    assertEquals(List.of(2L, 2L, 0L), d.demands());

    assertEquals(List.of(), d.dispatch(range(0, 2)));
    assertEquals(List.of(range(0, 2)), c2.batches);
    assertEquals(List.of(), c1.batches);
    assertEquals(List.of(2L, 0L, 0L), d.demands());

    assertEquals(List.of(), d.dispatch(range(2, 4)));
    assertEquals(List.of(range(2, 4)), c1.batches);
    assertEquals(List.of(0L, 0L, 0L), d.demands());
    assertEquals(List.of(), c3.batches);
  }

  @Test
  void aConsumerServedDownToATieGoesBehindTheOtherConsumer() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    d.subscribe(opts, c1);
    d.subscribe(opts, c2);
    d.ask(5, c1);
    d.ask(3, c2);

    // c1 gets 2 of its 5 and is left with 3: equal to c2, which was there first.
    assertEquals(List.of(), d.dispatch(range(0, 2)));
    assertEquals(List.of(range(0, 2)), c1.batches);
    assertEquals(List.of(3L, 3L), d.demands());

    assertEquals(List.of(), d.dispatch(List.of(2)));
    assertEquals(List.of(List.of(2)), c2.batches);
    assertEquals(List.of(3L, 2L), d.demands());
  }

  // ------------------------------------------------------------------ dispatch

  @Test
  void dispatchGivesTheHighestDemandItsShareAsOneBatchThenTheNext() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    RecordingConsumer c3 = new RecordingConsumer("3");
    d.subscribe(opts, c1);
    d.subscribe(opts, c2);
    d.subscribe(opts, c3);
    d.ask(2, c1);
    d.ask(5, c2);
    d.ask(1, c3);

    List<Integer> leftovers = d.dispatch(range(0, 10));

    // c2 (5) first, then c1 (2), then c3 (1): one batch each, events in order.
    assertEquals(List.of(range(0, 5)), c2.batches);
    assertEquals(List.of(range(5, 7)), c1.batches);
    assertEquals(List.of(List.of(7)), c3.batches);
    assertEquals(range(8, 10), leftovers);
    assertEquals(List.of(0L, 0L, 0L), d.demands());
    assertEquals(0, d.pending());
  }

  @Test
  void dispatchGivesTheBestConsumerAllItsDemandNotAnEvenSplit() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    d.subscribe(opts, c1);
    d.subscribe(opts, c2);
    d.ask(5, c1);
    d.ask(4, c2);

    assertEquals(List.of(), d.dispatch(range(0, 7)));
    assertEquals(List.of(range(0, 5)), c1.batches);
    assertEquals(List.of(range(5, 7)), c2.batches);
    assertEquals(List.of(2L, 0L), d.demands());
  }

  @Test
  void dispatchOfFewerEventsThanDemandSendsThemAllToTheBestConsumer() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    d.subscribe(opts, c1);
    d.subscribe(opts, c2);
    d.ask(6, c1);
    d.ask(6, c2);

    assertEquals(List.of(), d.dispatch(range(0, 4)));
    assertEquals(List.of(range(0, 4)), c1.batches);
    assertEquals(List.of(), c2.batches);
    assertEquals(List.of(6L, 2L), d.demands());

    // c2 is now the highest.
    assertEquals(List.of(), d.dispatch(range(4, 10)));
    assertEquals(List.of(range(4, 10)), c2.batches);
    assertEquals(List.of(2L, 0L), d.demands());

    assertEquals(List.of(12), d.dispatch(range(10, 13)));
    assertEquals(List.of(range(0, 4), range(10, 12)), c1.batches);
    assertEquals(List.of(0L, 0L), d.demands());
  }

  @Test
  void dispatchWithoutConsumersReturnsEverything() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx);
    assertEquals(range(0, 4), d.dispatch(range(0, 4)));
    assertEquals(List.of(), d.demands());
    assertEquals(0, d.pending());
  }

  @Test
  void twoConsumersWithMaxDemandFourShareEventsInBlocksOfFour() {
    // As with two Counter consumers (max 4, min 2): each subscribes and asks 4, the first one first.
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    assertEquals(0, d.subscribe(opts.withDemand(4, 2), c1));
    assertEquals(4, d.ask(4, c1));
    assertEquals(0, d.subscribe(opts.withDemand(4, 2), c2));
    assertEquals(4, d.ask(4, c2));

    // The producer answers each demand of 4 with 4 events.
    assertEquals(List.of(), d.dispatch(range(0, 4)));
    assertEquals(List.of(), d.dispatch(range(4, 8)));

    assertEquals(List.of(range(0, 4)), c1.batches);
    assertEquals(List.of(range(4, 8)), c2.batches);
    assertEquals(List.of(0L, 0L), d.demands());
    assertEquals(List.of(), ctx.warnings);
  }

  @Test
  void twoConsumersWithMaxDemandFourSplitOneBatchOfEight() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    d.subscribe(opts, c1);
    d.ask(4, c1);
    d.subscribe(opts, c2);
    d.ask(4, c2);

    assertEquals(List.of(8, 9), d.dispatch(range(0, 10)));
    assertEquals(List.of(range(0, 4)), c1.batches);
    assertEquals(List.of(range(4, 8)), c2.batches);
  }

  // ------------------------------------------------------------------ cancel and pending

  @Test
  void cancelRemovesTheConsumerAndLaterAsksAbsorbItsUnservedDemand() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    d.subscribe(opts, c1);
    d.subscribe(opts, c2);
    assertEquals(10, d.ask(10, c1));
    assertEquals(List.of(), d.dispatch(range(0, 4)));
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
    assertEquals(List.of(), d.dispatch(range(4, 15)));
    assertEquals(List.of(range(0, 4)), c1.batches);
    assertEquals(List.of(range(4, 15)), c2.batches);
  }

  @Test
  void cancelFindsTheConsumerByTag() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    d.subscribe(opts, c1);
    d.subscribe(opts, c2);
    d.ask(3, c1);
    d.ask(5, c2);

    assertEquals(0, d.cancel(c2.sameSubscription()));
    assertEquals(List.of(3L), d.demands());
    assertEquals(5, d.pending());
    assertEquals(List.of(), d.dispatch(range(0, 3)));
    assertEquals(List.of(range(0, 3)), c1.batches);
    assertEquals(List.of(), c2.batches);
  }

  @Test
  void cancelOfAConsumerWithoutDemandLeavesPendingAlone() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    d.subscribe(opts, c1);
    d.subscribe(opts, c2);
    d.ask(4, c1);
    assertEquals(0, d.cancel(c2));
    assertEquals(List.of(4L), d.demands());
    assertEquals(0, d.pending());
    assertEquals(3, d.ask(3, c1));
  }

  @Test
  void cancelOfAnUnknownHandleIsHarmless() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer stranger = new RecordingConsumer("stranger");
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
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    d.subscribe(opts, c1);
    d.subscribe(opts, c2);
    d.ask(5, c1);
    d.cancel(c1);
    assertEquals(5, d.pending());

    // Events produced for c1's demand arrive with nobody to take them: they are leftovers and
    // that demand is no longer owed upstream.
    assertEquals(range(0, 3), d.dispatch(range(0, 3)));
    assertEquals(2, d.pending());
    assertEquals(range(3, 8), d.dispatch(range(3, 8)));
    assertEquals(0, d.pending());

    assertEquals(4, d.ask(4, c2));
  }

  @Test
  void leftoversAfterServingConsumersReducePending() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    d.subscribe(opts, c1);
    d.subscribe(opts, c2);
    d.ask(6, c1);
    d.ask(2, c2);
    d.cancel(c1);
    assertEquals(6, d.pending());

    // 2 go to c2, 3 are left over: pending 6 - 3.
    assertEquals(range(2, 5), d.dispatch(range(0, 5)));
    assertEquals(List.of(range(0, 2)), c2.batches);
    assertEquals(3, d.pending());
  }

  // ------------------------------------------------------------------ info

  @Test
  void infoIsDeliveredThroughTheContextAtOnce() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx);
    d.info("before-anyone");
    assertEquals(List.of("before-anyone"), ctx.infos);

    RecordingConsumer c1 = new RecordingConsumer("1");
    d.subscribe(opts, c1);
    d.ask(3, c1);
    d.dispatch(range(0, 3));
    d.info("after-dispatch");
    assertEquals(List.of("before-anyone", "after-dispatch"), ctx.infos);
    assertEquals(List.of(range(0, 3)), c1.batches);
    assertEquals(List.of(), ctx.asksOnBehalf);
  }

  // ------------------------------------------------------------------ maxDemand warning

  @Test
  void anAskAboveTheFirstAskSeenIsWarnedAbout() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx);
    RecordingConsumer c1 = new RecordingConsumer("1");
    RecordingConsumer c2 = new RecordingConsumer("2");
    d.subscribe(opts, c1);
    d.subscribe(opts, c2);

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
    assertTrue(warning.contains("Got demand for [5] events from [consumer-2]"), warning);
    assertEquals(List.of(11L, 9L), d.demands());
  }

  @Test
  void theFirstAskDoesNotWarnWhateverItsSize() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx);
    RecordingConsumer c1 = new RecordingConsumer("1");
    d.subscribe(opts, c1);
    assertEquals(100_000, d.ask(100_000, c1));
    assertEquals(100_000, d.ask(100_000, c1));
    assertEquals(List.of(), ctx.warnings);
    d.ask(100_001, c1);
    assertEquals(1, ctx.warnings.size());
    assertTrue(ctx.warnings.get(0).contains("maximum demand of [100000]"), ctx.warnings.get(0));
  }

  @Test
  void anAskAboveTheConfiguredMaxDemandIsWarnedAboutEvenFirst() {
    DemandDispatcher<Integer> d = new DemandDispatcher<>(ctx, false, 10);
    RecordingConsumer c1 = new RecordingConsumer("1");
    d.subscribe(opts, c1);

    assertEquals(10, d.ask(10, c1));
    assertEquals(2, d.ask(2, c1));
    assertEquals(List.of(), ctx.warnings);

    // A fresh dispatcher configured with 10 whose first ask is 20: the configuration wins.
    RecordingContext ctx2 = new RecordingContext();
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
      DemandDispatcher<Integer> d = new DemandDispatcher<>(new RecordingContext(), false, 0);
      RecordingConsumer c1 = new RecordingConsumer("1");
      RecordingConsumer c2 = new RecordingConsumer("2");
      d.subscribe(opts, c1);
      d.subscribe(opts, c2);
      d.ask(3, c1);
      d.ask(3, c2);
      d.dispatch(range(0, 3));
      assertEquals(List.of(range(0, 3)), c1.batches, "trial " + trial);
      assertEquals(List.of(), c2.batches, "trial " + trial);
    }
  }

  @Test
  void withShuffleEitherOfTwoEqualConsumersCanGetTheFirstBatch() {
    int firstWins = 0;
    int secondWins = 0;
    for (int trial = 0; trial < 200; trial++) {
      DemandDispatcher<Integer> d = new DemandDispatcher<>(new RecordingContext(), true, 0);
      RecordingConsumer c1 = new RecordingConsumer("1");
      RecordingConsumer c2 = new RecordingConsumer("2");
      d.subscribe(opts, c1);
      d.subscribe(opts, c2);
      d.ask(3, c1);
      d.ask(3, c2);
      assertEquals(List.of(), d.dispatch(range(0, 3)));
      // Exactly one of them gets the whole batch.
      assertEquals(1, c1.batches.size() + c2.batches.size(), "trial " + trial);
      if (c1.batches.isEmpty()) {
        assertEquals(List.of(range(0, 3)), c2.batches);
        secondWins++;
      } else {
        assertEquals(List.of(range(0, 3)), c1.batches);
        firstWins++;
      }
    }
    assertTrue(firstWins > 0, "c1 never got the first batch");
    assertTrue(secondWins > 0, "c2 never got the first batch");
  }

  @Test
  void shuffleHappensOnlyBeforeTheFirstDispatch() {
    for (int trial = 0; trial < 200; trial++) {
      DemandDispatcher<Integer> d = new DemandDispatcher<>(new RecordingContext(), true, 0);
      RecordingConsumer c1 = new RecordingConsumer("1");
      RecordingConsumer c2 = new RecordingConsumer("2");
      d.subscribe(opts, c1);
      d.subscribe(opts, c2);
      d.ask(1, c1);
      d.ask(1, c2);
      d.dispatch(List.of(0));
      RecordingConsumer winner = c1.batches.isEmpty() ? c2 : c1;
      RecordingConsumer loser = winner == c1 ? c2 : c1;

      // The winner asks again and now ties with the loser, which is ahead of it; without another
      // shuffle the loser must get the next event, every time.
      d.ask(1, winner);
      assertEquals(List.of(1L, 1L), d.demands());
      d.dispatch(List.of(1));
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

    RecordingContext ctx2 = new RecordingContext();
    Dispatcher<Integer> configured = DemandDispatcher.<Integer>factory(false, 5).create(ctx2);
    assertInstanceOf(DemandDispatcher.class, configured);
    RecordingConsumer c1 = new RecordingConsumer("1");
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
