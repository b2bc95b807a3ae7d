package io.genstage.dispatch;

import static io.genstage.dispatch.Fakes.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.genstage.SubscribeOptions;
import io.genstage.dispatch.Fakes.FakeConsumer;
import io.genstage.dispatch.Fakes.FakeContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every dispatcher must do, whatever its policy (the {@link Dispatcher} Javadoc and SEMANTICS.md
 * 5.1), run against each of the library's dispatchers. Each one only says how to create it and how
 * to subscribe a consumer validly.
 *
 * <p>Events are consecutive integers. The partition dispatcher gets one partition per consumer and a
 * hash that reads the partition from the event ({@code event mod partitions}), so that consumer
 * {@code i} takes the events {@code i, i + n, i + 2n, ...}.
 */
class DispatcherContractTest {

  @Nested
  class Demand extends Battery {
    @Override
    Dispatcher<Integer> create(DispatcherContext ctx, int consumers) {
      return new DemandDispatcher<>(ctx);
    }

    @Override
    Object state(Dispatcher<Integer> d) {
      DemandDispatcher<Integer> dd = (DemandDispatcher<Integer>) d;
      return List.of(dd.demands(), dd.pending());
    }
  }

  @Nested
  class Broadcast extends Battery {
    @Override
    Dispatcher<Integer> create(DispatcherContext ctx, int consumers) {
      return new BroadcastDispatcher<>(ctx);
    }

    @Override
    Object state(Dispatcher<Integer> d) {
      BroadcastDispatcher<Integer> bd = (BroadcastDispatcher<Integer>) d;
      return List.of(bd.demands(), bd.waiting(), bd.requested());
    }

    @Override
    boolean sendsEachEventToOneConsumer() {
      return false;
    }
  }

  @Nested
  class Partition extends Battery {
    @Override
    Dispatcher<Integer> create(DispatcherContext ctx, int consumers) {
      return PartitionDispatcher.<Integer>factory(consumers, e -> Math.floorMod(e, consumers)).create(ctx);
    }

    @Override
    SubscribeOptions<?> options(int slot) {
      return SubscribeOptions.defaults().withPartition(slot);
    }

    @Override
    Object state(Dispatcher<Integer> d) {
      PartitionDispatcher<Integer> pd = (PartitionDispatcher<Integer>) d;
      return List.of(pd.demands(), pd.backlogs(), pd.waiting(), pd.pending());
    }

    @Override
    boolean mayHoldEvents() {
      return true;
    }
  }

  /** The contract. Subclasses say how to create the dispatcher and subscribe a consumer. */
  abstract static class Battery {

    /** A dispatcher for up to {@code consumers} consumers at a time. */
    abstract Dispatcher<Integer> create(DispatcherContext ctx, int consumers);

    /** Options for a valid subscription of the consumer in {@code slot} (0 .. consumers-1). */
    SubscribeOptions<?> options(int slot) {
      return SubscribeOptions.defaults();
    }

    /** The dispatcher's inspectable state, to compare before and after a harmless call. */
    abstract Object state(Dispatcher<Integer> d);

    /** Whether the dispatcher may keep events it was given (neither sent nor returned). */
    boolean mayHoldEvents() {
      return false;
    }

    /** Whether each event goes to one consumer (false: to every consumer). */
    boolean sendsEachEventToOneConsumer() {
      return true;
    }

    /** A dispatcher with its context and consumers, recording what every call returned. */
    final class Harness {
      final FakeContext ctx = new FakeContext();
      final Dispatcher<Integer> d;
      final int size;
      /** The current consumer of each slot. */
      final FakeConsumer<Integer>[] slots;
      /** Every consumer ever subscribed, with what it asked in all. */
      final List<FakeConsumer<Integer>> all = new ArrayList<>();
      final List<Long> asked = new ArrayList<>();
      /** What each call returned, in order. */
      final List<Object> trace = new ArrayList<>();

      @SuppressWarnings("unchecked")
      Harness(int size) {
        this.size = size;
        this.d = create(ctx, size);
        this.slots = new FakeConsumer[size];
      }

      /** Subscribes a new consumer in {@code slot}. */
      FakeConsumer<Integer> subscribe(int slot) {
        FakeConsumer<Integer> c = ctx.consumer("c" + all.size() + "@" + slot);
        trace.add(d.subscribe(options(slot), c));
        slots[slot] = c;
        all.add(c);
        asked.add(0L);
        return c;
      }

      Harness subscribeAll() {
        for (int i = 0; i < size; i++) {
          subscribe(i);
        }
        return this;
      }

      long ask(int slot, long n) {
        FakeConsumer<Integer> c = slots[slot];
        int i = all.indexOf(c);
        asked.set(i, io.genstage.internal.Demands.add(asked.get(i), n)); // as the dispatchers count it
        long demand = d.ask(n, c);
        trace.add(demand);
        return demand;
      }

      long cancel(int slot) {
        long demand = d.cancel(slots[slot]);
        trace.add(demand);
        return demand;
      }

      List<Integer> dispatch(List<Integer> events) {
        List<Integer> leftovers = List.copyOf(d.dispatch(events));
        trace.add(leftovers);
        assertSuffix(events, leftovers);
        return leftovers;
      }

      /** Every event sent to any consumer, each once, in first-sent order. */
      Set<Integer> sent() {
        Set<Integer> out = new LinkedHashSet<>();
        for (FakeConsumer<Integer> c : all) {
          out.addAll(c.received());
        }
        return out;
      }

      /** What an identical harness must also have seen, by name. */
      Map<String, Object> observed() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("returned", trace);
        for (FakeConsumer<Integer> c : all) {
          out.put("batches of " + c, c.batches);
        }
        out.put("infos", ctx.infos);
        out.put("asks on behalf", ctx.asksOnBehalf);
        out.put("produce more", ctx.producedMore);
        out.put("warnings", ctx.warnings);
        out.put("errors", ctx.errors);
        out.put("state", state(d));
        return out;
      }

      /** Each consumer has received no more than it asked for, in order, each event once. */
      void assertWithinDemand(String when) {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
          FakeConsumer<Integer> c = all.get(i);
          List<Integer> got = c.received();
          long asked = this.asked.get(i);
          if (got.size() > asked) {
            fail(when + ": " + c + " received " + got.size() + " events but asked " + asked + ": " + got);
          }
          for (int k = 1; k < got.size(); k++) {
            if (got.get(k - 1) >= got.get(k)) {
              fail(when + ": " + c + " received out of order or twice: " + got);
            }
          }
          if (sendsEachEventToOneConsumer()) {
            for (Integer e : got) {
              if (!seen.add(e)) {
                fail(when + ": event " + e + " sent to two consumers");
              }
            }
          }
        }
      }
    }

    static void assertSuffix(List<Integer> events, List<Integer> leftovers) {
      assertTrue(leftovers.size() <= events.size(), "more leftovers than events");
      assertEquals(events.subList(events.size() - leftovers.size(), events.size()), leftovers,
          "leftovers must be the events' tail, in order");
    }

    // ---------------------------------------------------------------- the contract

    @Test
    void neverExceedsDemand() {
      for (long seed = 1; seed <= 40; seed++) {
        Random rnd = new Random(seed);
        Harness h = new Harness(3).subscribeAll();
        List<Integer> buffer = new ArrayList<>();
        int next = 0;
        for (int step = 0; step < 200; step++) {
          int action = rnd.nextInt(20);
          if (action < 8) {
            h.ask(rnd.nextInt(3), 1 + rnd.nextInt(6));
          } else if (action < 19) {
            // The producer sends its buffer first, then new events; whatever comes back is its new buffer.
            List<Integer> events = new ArrayList<>(buffer);
            int fresh = 1 + rnd.nextInt(8);
            events.addAll(range(next, next + fresh));
            next += fresh;
            buffer = new ArrayList<>(h.dispatch(events));
          } else {
            int slot = rnd.nextInt(3);
            h.cancel(slot);
            h.subscribe(slot);
          }
          h.assertWithinDemand("seed " + seed + ", step " + step);
        }
      }
    }

    /** Long.MAX_VALUE is "unbounded" (the Reactive Streams idiom): asking it again changes nothing. */
    @Test
    void demandSaturatesAtLongMaxValue() {
      Harness h = new Harness(2).subscribeAll();
      long first0 = h.ask(0, Long.MAX_VALUE);
      long first1 = h.ask(1, Long.MAX_VALUE);
      long again = h.ask(0, Long.MAX_VALUE);
      h.ask(1, 5);
      assertTrue(first0 >= 0 && first1 >= 0 && again >= 0, "no overflowed demand: " + h.trace);

      List<Integer> events = range(0, 100);
      List<Integer> leftovers = h.dispatch(events);
      assertEquals(List.of(), leftovers, "unbounded consumers take every event");
      h.assertWithinDemand("after dispatch");
      Set<Integer> sent = h.sent();
      assertEquals(new LinkedHashSet<>(events), sent);
      assertEquals(List.of(), h.ctx.errors);
      assertEquals(List.of(), h.ctx.warnings);
      for (Object returned : h.trace) {
        if (returned instanceof Long demand) {
          assertTrue(demand >= 0, "a negative demand returned: " + h.trace);
        }
      }
    }

    @Test
    void leftoversWhenConsumerCancelledAfterAsk() {
      Harness h = new Harness(2).subscribeAll();
      FakeConsumer<Integer> gone = h.slots[0];
      h.ask(0, 4);
      h.ask(1, 4);
      h.cancel(0);

      List<Integer> events = range(0, 12);
      List<Integer> leftovers = h.dispatch(events);
      assertEquals(List.of(), gone.batches, "a cancelled consumer is sent nothing");
      h.assertWithinDemand("after dispatch");

      // Every event was sent, returned, or is held by the dispatcher; never two of these.
      Set<Integer> sent = h.sent();
      for (Integer e : leftovers) {
        assertFalse(sent.contains(e), "event " + e + " both sent and returned");
      }
      List<Integer> held = new ArrayList<>(events);
      held.removeAll(sent);
      held.removeAll(leftovers);
      assertFalse(leftovers.isEmpty(), "more events than demand: some must come back");
      if (mayHoldEvents()) {
        assertFalse(held.isEmpty(), "the scenario should leave events for the cancelled consumer's place");
      } else {
        assertEquals(List.of(), held, "this dispatcher holds no events");
      }

      // What the dispatcher holds goes to the next consumer in the cancelled one's place, on its ask.
      FakeConsumer<Integer> replacement = h.subscribe(0);
      h.ask(0, 100);
      assertEquals(held, replacement.received(), "held events go to the next consumer in that place");
      assertEquals(List.of(), gone.batches);
    }

    @Test
    void infoAfterWhatItHolds() {
      Harness h = new Harness(2).subscribeAll();
      h.ask(0, 1);
      h.ask(1, 10);
      List<Integer> events = range(0, 8);
      List<Integer> leftovers = h.dispatch(events);
      List<Integer> held = new ArrayList<>(events);
      held.removeAll(h.sent());
      held.removeAll(leftovers);

      h.d.info("marker");
      if (held.isEmpty()) {
        assertEquals(List.of("marker"), h.ctx.infos, "a dispatcher that holds nothing delivers at once");
      } else {
        assertEquals(List.of(), h.ctx.infos, "the info must wait for " + held);
        assertTrue(mayHoldEvents());
      }

      // Events dispatched after the info do not hold it back.
      h.dispatch(range(8, 12));

      h.ask(0, 100);
      h.ask(1, 100);
      assertEquals(List.of("marker"), h.ctx.infos);
      Fakes.Journal j = h.ctx.journal;
      int info = j.indexOfInfo("marker");
      for (Integer e : events) {
        if (!leftovers.contains(e)) {
          int sentAt = j.indexOfEvent(e);
          assertTrue(sentAt >= 0 && sentAt < info, "event " + e + " must be sent before the info: " + j.entries);
        }
      }
    }

    @Test
    void cancelUnknownSubscriptionIsHarmless() {
      assertHarmless(h -> {
        assertEquals(0, h.d.cancel(h.ctx.consumer("stranger")));
        // Another subscription of a subscribed consumer that the dispatcher never saw.
        assertEquals(0, h.d.cancel(h.slots[0].sameOwnerNewSubscription()));
      });
    }

    @Test
    void askFromUnknownConsumerIsHarmless() {
      assertHarmless(h -> {
        assertEquals(0, h.d.ask(100, h.ctx.consumer("stranger")));
        assertEquals(0, h.d.ask(100, h.slots[1].sameOwnerNewSubscription()));
      });
    }

    /**
     * Runs the same story twice, once with {@code call} made at three points: before any ask, after
     * some demand and events, and after a cancel. The call must leave the state as it was, and the
     * two runs must be indistinguishable.
     */
    private void assertHarmless(Consumer<Harness> call) {
      Harness plain = new Harness(2);
      Harness probed = new Harness(2);
      for (Harness h : List.of(plain, probed)) {
        h.subscribeAll();
        at(h, h == probed, call);
        h.ask(0, 5);
        h.ask(1, 3);
        h.dispatch(range(0, 4));
        h.d.info("one");
        at(h, h == probed, call);
        h.cancel(1);
        at(h, h == probed, call);
        h.subscribe(1);
        h.ask(1, 8);
        h.ask(0, 8);
        h.dispatch(range(4, 20));
        h.d.info("two");
      }
      Map<String, Object> expected = plain.observed();
      Map<String, Object> actual = probed.observed();
      assertEquals(expected.keySet(), actual.keySet());
      for (String key : expected.keySet()) {
        assertEquals(expected.get(key), actual.get(key), key);
      }
    }

    private void at(Harness h, boolean probe, Consumer<Harness> call) {
      if (!probe) {
        return;
      }
      Object before = state(h.d);
      int sends = h.ctx.journal.entries.size();
      call.accept(h);
      assertEquals(before, state(h.d), "state changed");
      assertEquals(sends, h.ctx.journal.entries.size(), "sent or delivered something");
    }

    @Test
    void dispatchOfMoreThanDemanded() {
      Harness h = new Harness(2).subscribeAll();
      h.ask(0, 3);
      h.ask(1, 2);
      List<Integer> events = range(0, 10);
      List<Integer> leftovers = h.dispatch(events);
      h.assertWithinDemand("after dispatch");

      int accepted = events.size() - leftovers.size();
      assertTrue(accepted <= 5, "accepted " + accepted + " events for a demand of 5");
      assertFalse(leftovers.isEmpty());
      // The accepted head was sent (or, where the dispatcher may hold events, held).
      Set<Integer> sent = h.sent();
      for (Integer e : events.subList(0, accepted)) {
        assertTrue(sent.contains(e) || mayHoldEvents(), "event " + e + " accepted but not sent");
      }
      for (Integer e : leftovers) {
        assertFalse(sent.contains(e), "event " + e + " sent and returned");
      }

      // Once there is demand again, the leftovers go out, in order.
      h.ask(0, 100);
      h.ask(1, 100);
      assertEquals(List.of(), h.dispatch(leftovers));
      h.assertWithinDemand("after the leftovers");
      Set<Integer> all = h.sent();
      assertTrue(all.containsAll(events), "all events sent in the end: " + all);
    }
  }
}
