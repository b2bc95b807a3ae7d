package io.genstage.dispatch;

import io.genstage.internal.Demands;
import io.genstage.SubscribeOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The default dispatcher: each batch goes to the consumer with the highest outstanding demand,
 * then the next highest, until the events or the demand run out. Consumers with equal demand are
 * served in subscription order.
 *
 * <p><b>Options.</b> {@code shuffleDemandsOnFirstDispatch} shuffles the consumers once, right before
 * the first dispatch, so that the first subscriber is not always loaded first. {@code maxDemand} is
 * the largest single ask expected from a consumer (by default, the first ask seen); a larger ask is
 * logged as a warning, because consumers with different {@code maxDemand}s make the greedy ones
 * receive more than their share. All consumers of one producer should use the same
 * {@code maxDemand}.
 *
 * <p><b>Demand after a cancel.</b> Demand a consumer left unserved when it went away was already
 * passed to the producer; later asks are absorbed up to that amount rather than passed again.
 *
 * @param <E> the events
 */
public final class DemandDispatcher<E> implements Dispatcher<E> {

  private final DispatcherContext context;
  // Sorted by demand, highest first; equal demands keep their earlier order.
  private final List<ConsumerDemand<E>> entries = new ArrayList<>();
  private long pending;
  private long maxDemand;
  private boolean shuffle;

  /**
   * A dispatcher with the default options.
   *
   * @param context what the dispatcher can ask of its producer; not null
   */
  public DemandDispatcher(DispatcherContext context) {
    this(context, false, 0);
  }

  /**
   * A dispatcher with options; producers' options take
   * {@link #factory(boolean, long)} instead.
   *
   * @param context what the dispatcher can ask of its producer; not null
   * @param shuffleDemandsOnFirstDispatch shuffle the consumers once, before the first dispatch
   * @param maxDemand the expected largest ask, or 0 to take the first ask seen
   * @throws IllegalArgumentException when {@code maxDemand < 0}
   */
  public DemandDispatcher(DispatcherContext context, boolean shuffleDemandsOnFirstDispatch, long maxDemand) {
    this.context = Objects.requireNonNull(context, "context");
    if (maxDemand < 0) {
      throw new IllegalArgumentException("maxDemand must be >= 0 (0 takes the first ask), got: " + maxDemand);
    }
    this.shuffle = shuffleDemandsOnFirstDispatch;
    this.maxDemand = maxDemand;
  }

  /**
   * A factory for producers' options: {@code ProducerOptions.defaults().withDispatcher(DemandDispatcher.factory())}.
   *
   * @param <E> the events
   * @return a factory of demand dispatchers with the default options
   */
  public static <E> DispatcherFactory<E> factory() {
    return DemandDispatcher::new;
  }

  /**
   * A factory with options; see {@link #DemandDispatcher(DispatcherContext, boolean, long)}.
   *
   * @param <E> the events
   * @param shuffleDemandsOnFirstDispatch shuffle the consumers once, before the first dispatch
   * @param maxDemand the expected largest ask, or 0 to take the first ask seen
   * @return a factory of demand dispatchers with these options
   * @throws IllegalArgumentException when {@code maxDemand < 0}
   */
  public static <E> DispatcherFactory<E> factory(boolean shuffleDemandsOnFirstDispatch, long maxDemand) {
    if (maxDemand < 0) {
      throw new IllegalArgumentException("maxDemand must be >= 0 (0 takes the first ask), got: " + maxDemand);
    }
    return ctx -> new DemandDispatcher<>(ctx, shuffleDemandsOnFirstDispatch, maxDemand);
  }

  @Override
  public long subscribe(SubscribeOptions<?> options, ConsumerHandle<E> consumer) {
    entries.add(new ConsumerDemand<>(consumer));
    return 0;
  }

  @Override
  public long cancel(ConsumerHandle<E> consumer) {
    int i = indexOf(consumer);
    if (i >= 0) {
      pending = Demands.add(pending, entries.remove(i).demand);
    }
    return 0;
  }

  @Override
  public long ask(long demand, ConsumerHandle<E> consumer) {
    int i = indexOf(consumer);
    if (i < 0) {
      return 0;
    }
    if (maxDemand == 0) {
      maxDemand = demand;
    } else if (demand > maxDemand) {
      context.log().warn(
          "Producer [{}]: DemandDispatcher expects a maximum demand of [{}]. Using different maximum demands "
              + "will overload greedy consumers. Got demand for [{}] events from [{}]",
          context.producerName(), maxDemand, demand, consumer);
    }
    ConsumerDemand<E> entry = entries.remove(i);
    entry.demand = Demands.add(entry.demand, demand);
    insertSorted(entry);
    long absorbed = Math.min(pending, demand);
    pending -= absorbed;
    return demand - absorbed;
  }

  @Override
  public List<E> dispatch(List<E> events) {
    if (shuffle) {
      Collections.shuffle(entries, ThreadLocalRandom.current());
      shuffle = false;
    }
    int size = events.size();
    int sent = 0;
    while (sent < size && !entries.isEmpty()) {
      ConsumerDemand<E> best = entries.get(0);
      if (best.demand == 0) {
        break;
      }
      int n = (int) Math.min(best.demand, size - sent);
      best.consumer.send(sent == 0 && n == size ? events : events.subList(sent, sent + n));
      sent += n;
      best.demand -= n;
      entries.remove(0);
      insertSorted(best);
    }
    if (sent == size) {
      return List.of();
    }
    List<E> leftovers = events.subList(sent, size);
    pending = Math.max(pending - leftovers.size(), 0);
    return leftovers;
  }

  @Override
  public void info(Object info) {
    context.deliverInfo(info);
  }

  /**
   * Outstanding demand per consumer, highest first (for tests and diagnostics).
   *
   * @return one count per consumer, a copy
   */
  public List<Long> demands() {
    return ConsumerDemand.demands(entries);
  }

  /**
   * Demand already passed upstream for consumers that have gone, still to be absorbed.
   *
   * @return the demand later asks absorb before they reach the producer
   */
  public long pending() {
    return pending;
  }

  private int indexOf(ConsumerHandle<E> consumer) {
    return ConsumerDemand.indexOf(entries, consumer);
  }

  // Before the first entry with strictly less demand, so that equal demands keep their order.
  private void insertSorted(ConsumerDemand<E> entry) {
    int i = 0;
    while (i < entries.size() && entries.get(i).demand >= entry.demand) {
      i++;
    }
    entries.add(i, entry);
  }
}
