package io.genstage.dispatch;

import io.genstage.internal.Demands;
import io.genstage.CancelReason;
import io.genstage.SubscribeOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Sends every event to every consumer. An event leaves only when every consumer has demand for it,
 * so the producer runs at the pace of its slowest consumer.
 *
 * <p><b>Selectors.</b> A consumer that subscribes with {@link SubscribeOptions#withSelector} receives
 * only the events its selector accepts: the filtering happens in the producer, with no stage in
 * between. Events a selector rejects do not use up that consumer's demand: the producer credits
 * them back as if the consumer had asked again. A batch the selector empties is not sent.
 *
 * <p><b>One subscription per consumer.</b> A consumer actor that subscribes a second time is refused
 * with {@link CancelReason#ALREADY_SUBSCRIBED}, which never stops a consumer.
 *
 * <p><b>Known limitations.</b> A consumer that subscribes late receives only the events emitted
 * after it subscribed. To share the first events among all consumers, start the producer in
 * {@link io.genstage.DemandMode#ACCUMULATE} and switch it to {@code FORWARD} once all have subscribed.
 *
 * @param <E> the events
 */
public final class BroadcastDispatcher<E> implements Dispatcher<E> {

  private static final class Entry<E> extends ConsumerDemand<E> {
    final Predicate<? super E> selector;
    /** Its selector threw: it is sent nothing more while its cancel is on its way. */
    boolean failed;

    Entry(ConsumerHandle<E> consumer, Predicate<? super E> selector) {
      super(consumer);
      this.selector = selector;
    }
  }

  private final DispatcherContext context;
  private final List<Entry<E>> entries = new ArrayList<>();
  private final Set<Object> owners = new HashSet<>();
  // Demand every consumer shares: events that can go to all of them.
  private long waiting;
  // Demand already passed to the producer and not yet met by events; never passed twice.
  private long requested;

  /**
   * A broadcast dispatcher for one producer incarnation; producers' options take
   * {@link #factory()} instead.
   *
   * @param context what the dispatcher can ask of its producer; not null
   */
  public BroadcastDispatcher(DispatcherContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /**
   * A factory for producers' options: {@code withDispatcher(BroadcastDispatcher.factory())}.
   *
   * @param <E> the events
   * @return a factory of broadcast dispatchers
   */
  public static <E> DispatcherFactory<E> factory() {
    return BroadcastDispatcher::new;
  }

  @Override
  public long subscribe(SubscribeOptions<?> options, ConsumerHandle<E> consumer) {
    if (owners.contains(consumer.owner())) {
      context.log().error("[{}] is already subscribed to producer [{}]; this subscription has been refused",
          consumer.owner(), context.producerName());
      throw new SubscriptionRefusedException(CancelReason.ALREADY_SUBSCRIBED);
    }
    // Shared demand goes back to the consumers that gave it: the newcomer has given none.
    for (Entry<E> e : entries) {
      e.demand = Demands.add(e.demand, waiting);
    }
    waiting = 0;
    owners.add(consumer.owner());
    entries.add(new Entry<>(consumer, selector(options)));
    return 0;
  }

  /**
   * The selector of {@code options}, for this producer's events. Unchecked here, checked where the
   * subscription was made: {@code GenStage.subscribe}, {@code SubscribeTo.of} and the bridges take
   * {@code SubscribeOptions<? super O>} for a producer of {@code O}.
   */
  @SuppressWarnings("unchecked")
  private static <E> Predicate<? super E> selector(SubscribeOptions<?> options) {
    return (Predicate<? super E>) options.selector();
  }

  @Override
  public long cancel(ConsumerHandle<E> consumer) {
    int i = indexOf(consumer);
    if (i < 0) {
      return 0;
    }
    owners.remove(entries.remove(i).consumer.owner());
    if (entries.isEmpty()) {
      waiting = 0;
      return 0;
    }
    // The slowest consumer may have gone: the others' demand may now be shared.
    return sync();
  }

  @Override
  public long ask(long demand, ConsumerHandle<E> consumer) {
    int i = indexOf(consumer);
    if (i < 0) {
      return 0;
    }
    Entry<E> entry = entries.get(i);
    entry.demand = Demands.add(entry.demand, demand);
    return sync();
  }

  @Override
  public List<E> dispatch(List<E> events) {
    // Every event emitted meets demand the producer owes, whether it leaves now or waits in the buffer.
    requested = Math.max(0, requested - events.size());
    if (waiting == 0 || entries.isEmpty()) {
      return events;
    }
    int size = events.size();
    int deliver = (int) Math.min(waiting, size);
    List<E> batch = deliver == size ? events : events.subList(0, deliver);
    for (Entry<E> e : entries) {
      if (e.failed) {
        continue; // its cancel is on its way
      }
      if (e.selector == null) {
        e.consumer.send(batch);
        continue;
      }
      List<E> selected = new ArrayList<>(deliver);
      try {
        for (E event : batch) {
          if (e.selector.test(event)) {
            selected.add(event);
          }
        }
      } catch (RuntimeException broken) {
        // One consumer's function failed: that subscription ends with it, the others carry on.
        context.log().error("Producer [{}]: the selector of [{}] threw; its subscription is cancelled",
            context.producerName(), e.consumer, broken);
        e.failed = true;
        context.cancel(e.consumer, CancelReason.failure(broken));
        continue;
      }
      int filtered = deliver - selected.size();
      if (filtered > 0) {
        context.askOnBehalf(e.consumer, filtered);
      }
      if (!selected.isEmpty()) {
        e.consumer.send(selected);
      }
    }
    waiting -= deliver;
    return deliver == size ? List.of() : events.subList(deliver, size);
  }

  @Override
  public void info(Object info) {
    context.deliverInfo(info);
  }

  /**
   * Demand each consumer has given beyond the shared demand, in subscription order (for tests).
   *
   * @return one count per consumer, a copy
   */
  public List<Long> demands() {
    return ConsumerDemand.demands(entries);
  }

  /**
   * Demand every consumer shares, not yet met by events.
   *
   * @return the shared demand
   */
  public long waiting() {
    return waiting;
  }

  /**
   * Demand passed to the producer and not yet met by events.
   *
   * @return the demand the producer still owes
   */
  public long requested() {
    return requested;
  }

  // Moves the demand all consumers share into waiting and returns what the producer must add.
  private long sync() {
    long min = Long.MAX_VALUE;
    for (Entry<E> e : entries) {
      min = Math.min(min, e.demand);
    }
    if (min > 0) {
      for (Entry<E> e : entries) {
        e.demand -= min;
      }
      waiting = Demands.add(waiting, min);
    }
    long request = Math.max(0, waiting - requested);
    requested = Demands.add(requested, request);
    return request;
  }

  private int indexOf(ConsumerHandle<E> consumer) {
    return ConsumerDemand.indexOf(entries, consumer);
  }
}
