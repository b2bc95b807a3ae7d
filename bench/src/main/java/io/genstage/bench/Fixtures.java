package io.genstage.bench;

import io.genstage.AskMode;
import io.genstage.Consumer;
import io.genstage.Producer;
import io.genstage.ProducerConsumer;
import io.genstage.StageKind;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages the benchmarks wire together. Events are boxed {@link Integer}s counting from 1, as
 * {@code Source.range(1, n)} emits them, so both sides allocate the same per event.
 */
final class Fixtures {
  private Fixtures() {}

  /** The sum of {@code events}: the per-event work of every counting consumer. */
  static long sumOf(List<Integer> events) {
    long sum = 0;
    for (int i = 0, n = events.size(); i < n; i++) {
      sum += events.get(i);
    }
    return sum;
  }

  /** Emits 1, 2, ..., {@code count} exactly as demanded, then nothing. */
  static final class Numbers extends Producer<Integer, Void> {
    private final int last;
    private int next = 1;

    Numbers(int count) {
      this.last = count;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      int n = (int) Math.min(demand, (long) last - next + 1);
      if (n <= 0) {
        return List.of();
      }
      List<Integer> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(next++);
      }
      return out;
    }
  }

  /** Adds one to each event. */
  static final class AddOne extends ProducerConsumer<Integer, Integer, Void> {
    @Override
    protected List<Integer> handleEvents(List<Integer> events, Subscription from) {
      List<Integer> out = new ArrayList<>(events.size());
      for (int i = 0, n = events.size(); i < n; i++) {
        out.add(events.get(i) + 1);
      }
      return out;
    }
  }

  /**
   * Counts the events of each batch into a {@link Tally}. It reads every event (and keeps their sum)
   * so that it does per event what the Akka Streams counting sink must do.
   */
  static final class Counting extends Consumer<Integer, Void> {
    private final Tally tally;
    private final Tally subscribed; // or null
    long sum;

    Counting(Tally tally) {
      this(tally, null);
    }

    /** Also adds one to {@code subscribed} when its subscription is made. */
    Counting(Tally tally, Tally subscribed) {
      this.tally = tally;
      this.subscribed = subscribed;
    }

    @Override
    protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
      if (subscribed != null) {
        subscribed.add(1);
      }
      return AskMode.AUTOMATIC;
    }

    @Override
    protected void handleEvents(List<Integer> events, Subscription from) {
      sum += sumOf(events);
      tally.add(events.size());
    }
  }
}
