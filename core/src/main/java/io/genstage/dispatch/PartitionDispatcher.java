package io.genstage.dispatch;

import io.genstage.internal.Demands;
import io.genstage.SubscribeOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Sends each event to the one consumer that owns the event's partition, so that all events of a
 * key reach the same consumer, in order.
 *
 * <p><b>Options.</b> {@code partitions}: a count {@code n} (partitions {@code 0 .. n-1}) or a list of
 * names. {@code hash}: a function from an event to its partition, or to {@link #DROP} to discard the
 * event (the producer is then asked for one more event in its place); by default {@code Math.floorMod(event.hashCode(), n)}, which needs integer partitions. Each
 * consumer takes exactly one partition with {@link SubscribeOptions#withPartition}; a partition has
 * at most one consumer.
 *
 * <p><b>Bad input.</b> Options that cannot work fail at construction. A subscription that names no
 * partition, an unknown one or one already taken is refused: the consumer is cancelled with an
 * {@link IllegalArgumentException} that says which, and the producer keeps serving the others (GenStage
 * crashes the producer instead). A hash result that is not a partition is a bug in the producer's
 * own function: the producer fails with an {@link IllegalStateException} naming the event and the
 * partition, as GenStage's does.
 *
 * <p><b>Known limitations.</b> The producer cannot tell which partition its demand came from, so it
 * assumes events spread evenly. Events for a partition whose consumer has no demand wait in that
 * partition's backlog, which a hot partition makes grow: the backlog is bounded only by the other
 * partitions' demand. When a partition's consumer leaves, its backlog is discarded (and logged) and
 * its demand released to the producer.
 *
 * @param <E> the events
 */
public final class PartitionDispatcher<E> implements Dispatcher<E> {

  /** What a hash function returns for an event that goes to no partition. */
  public static final Object DROP = new Object() {
    @Override
    public String toString() {
      return "DROP";
    }
  };

  // An info that waits for the backlogs it was queued behind.
  private static final class PendingInfo {
    final Object info;
    int awaited;

    PendingInfo(Object info) {
      this.info = info;
    }
  }

  private static final class Partition<E> {
    final Object name;
    ConsumerHandle<E> consumer;
    long demand;
    List<E> routed; // events routed to it by the dispatch in progress
    // Non-null while the partition has more events than demand.
    Backlog<E> backlog;

    Partition(Object name) {
      this.name = name;
    }
  }

  /**
   * Events waiting for a partition's demand, kept as the lists they were routed in (not copied
   * event by event), with info markers between them.
   */
  private static final class Backlog<E> {
    final ArrayDeque<Object> items = new ArrayDeque<>(); // List<E> chunks and PendingInfo markers
    int offset; // events of the head chunk already sent
    int size; // events waiting

    boolean isEmpty() {
      return items.isEmpty();
    }

    void add(List<E> events) {
      if (!events.isEmpty()) {
        items.addLast(events);
        size += events.size();
      }
    }

    /** Markers released, events discarded: returns how many events there were. */
    int clear() {
      for (Object item : items) {
        if (item instanceof PendingInfo info) {
          info.awaited--;
        }
      }
      items.clear();
      int discarded = size;
      size = 0;
      offset = 0;
      return discarded;
    }

    /**
     * Sends up to {@code demand} events to {@code consumer}, as few batches as info markers allow,
     * passing markers on the way; returns the unused demand.
     */
    @SuppressWarnings("unchecked")
    long send(ConsumerHandle<E> consumer, long demand) {
      List<E> batch = null;
      while (!items.isEmpty()) {
        Object head = items.peekFirst();
        if (head instanceof PendingInfo info) {
          items.pollFirst();
          if (batch != null) {
            consumer.send(batch);
            batch = null;
          }
          info.awaited--;
          continue;
        }
        if (demand == 0) {
          break;
        }
        List<E> chunk = (List<E>) head;
        int take = (int) Math.min(demand, chunk.size() - offset);
        List<E> part = offset == 0 && take == chunk.size() ? chunk : chunk.subList(offset, offset + take);
        if (batch == null) {
          batch = part;
        } else {
          if (!(batch instanceof ArrayList)) {
            batch = new ArrayList<>(batch);
          }
          batch.addAll(part);
        }
        offset += take;
        size -= take;
        demand -= take;
        if (offset == chunk.size()) {
          items.pollFirst();
          offset = 0;
        }
      }
      if (batch != null) {
        consumer.send(batch);
      }
      return demand;
    }
  }

  private final DispatcherContext context;
  private final Function<? super E, ?> hash;
  private final Map<Object, Partition<E>> partitions = new LinkedHashMap<>();
  // Partitions 0..n-1 by index, so that integer partitions need no map lookup per event; else empty.
  private final Partition<E>[] indexed;
  private final List<Partition<E>> touched = new ArrayList<>();
  private final Map<Object, Partition<E>> byTag = new HashMap<>();
  private final ArrayDeque<PendingInfo> infos = new ArrayDeque<>();
  private long waiting;
  private long pending;

  private PartitionDispatcher(DispatcherContext context, List<?> names, Function<? super E, ?> hash) {
    this.context = Objects.requireNonNull(context, "context");
    this.hash = hash;
    for (Object name : names) {
      partitions.put(name, new Partition<>(name));
    }
    boolean integers = true;
    for (int i = 0; i < names.size(); i++) {
      integers &= Integer.valueOf(i).equals(names.get(i));
    }
    @SuppressWarnings("unchecked")
    Partition<E>[] byIndex = (Partition<E>[]) new Partition<?>[integers ? names.size() : 0];
    for (int i = 0; i < byIndex.length; i++) {
      byIndex[i] = partitions.get(i);
    }
    this.indexed = byIndex;
  }

  private Partition<E> partition(Object name) {
    if (name instanceof Integer i && i >= 0 && i < indexed.length) {
      return indexed[i];
    }
    return partitions.get(name);
  }

  /**
   * Partitions {@code 0 .. count-1}, events placed by {@code Math.floorMod(event.hashCode(), count)}.
   *
   * @param <E> the events
   * @param count how many partitions; at least 1
   * @return a factory of partition dispatchers
   * @throws IllegalArgumentException when {@code count < 1}
   */
  public static <E> DispatcherFactory<E> factory(int count) {
    List<Integer> names = integers(count);
    int n = names.size();
    return factory(names, e -> Math.floorMod(Objects.hashCode(e), n));
  }

  /**
   * Partitions {@code 0 .. count-1}, events placed by {@code hash}.
   *
   * @param <E> the events
   * @param count how many partitions; at least 1
   * @param hash an event's partition, from 0 to {@code count - 1}, or {@link #DROP}
   * @return a factory of partition dispatchers
   * @throws IllegalArgumentException when {@code count < 1} or {@code hash} is null
   */
  public static <E> DispatcherFactory<E> factory(int count, Function<? super E, ?> hash) {
    return factory(integers(count), hash);
  }

  /**
   * Named partitions, events placed by {@code hash}, which returns a name or {@link #DROP}.
   *
   * @param <E> the events
   * @param names the partitions' names, each once; consumers subscribe with one of them
   * @param hash an event's partition name, or {@link #DROP}
   * @return a factory of partition dispatchers
   * @throws IllegalArgumentException when {@code names} is null, empty or holds a name twice, or
   *     {@code hash} is null
   */
  public static <E> DispatcherFactory<E> factory(Collection<?> names, Function<? super E, ?> hash) {
    if (names == null) {
      throw new IllegalArgumentException("partitions must not be null");
    }
    if (hash == null) {
      throw new IllegalArgumentException("hash must not be null");
    }
    List<Object> list = List.copyOf(names);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("partitions must name at least one partition, got: []");
    }
    if (new java.util.HashSet<>(list).size() != list.size()) {
      throw new IllegalArgumentException("partitions must not repeat a name, got: " + list);
    }
    return ctx -> new PartitionDispatcher<>(ctx, list, hash);
  }

  /**
   * {@code value} as it prints, with its type when it prints like {@code requested} without being
   * equal to it (a partition {@code "0"} asked of partitions {@code 0, 1}).
   */
  private String describe(Object value, Object requested) {
    if (value instanceof Collection<?> names) {
      List<String> out = new ArrayList<>();
      for (Object n : names) {
        out.add(describe(n, requested));
      }
      return out.toString();
    }
    if (!printsLikeAPartition(requested)) {
      return String.valueOf(value);
    }
    String shown = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    return shown + " (" + value.getClass().getSimpleName() + ")";
  }

  private boolean printsLikeAPartition(Object requested) {
    for (Object name : partitions.keySet()) {
      if (String.valueOf(name).equals(String.valueOf(requested))) {
        return true;
      }
    }
    return false;
  }

  private static List<Integer> integers(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got: " + count);
    }
    List<Integer> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(i);
    }
    return names;
  }

  @Override
  public long subscribe(SubscribeOptions<?> options, ConsumerHandle<E> consumer) {
    Object name = options.partition();
    if (name == null) {
      throw SubscriptionRefusedException.badOptions(
          "the partition option is required when subscribing to a producer with a partition dispatcher (one of "
              + partitions.keySet() + ")");
    }
    Partition<E> p = partitions.get(name);
    if (p == null) {
      throw SubscriptionRefusedException.badOptions(
          "partition must be one of " + describe(partitions.keySet(), name) + ", got: " + describe(name, name));
    }
    if (p.consumer != null) {
      throw SubscriptionRefusedException.badOptions(
          "partition " + name + " is already taken by " + p.consumer.owner());
    }
    p.consumer = consumer;
    byTag.put(consumer.tag(), p);
    return 0;
  }

  @Override
  public long ask(long demand, ConsumerHandle<E> consumer) {
    Partition<E> p = byTag.get(consumer.tag());
    if (p == null) {
      return 0;
    }
    long absorbed = Math.min(pending, demand);
    pending -= absorbed;
    long upstream = demand - absorbed;
    waiting = Demands.add(waiting, upstream);
    if (p.backlog == null) {
      p.demand = Demands.add(p.demand, demand);
    } else {
      long left = p.backlog.send(p.consumer, demand);
      if (p.backlog.isEmpty() && left > 0) {
        p.backlog = null;
        p.demand = left;
      }
      deliverReadyInfos();
    }
    return upstream;
  }

  @Override
  public long cancel(ConsumerHandle<E> consumer) {
    Partition<E> p = byTag.remove(consumer.tag());
    if (p == null) {
      return 0;
    }
    p.consumer = null;
    if (p.backlog == null) {
      pending = Demands.add(pending, p.demand);
      p.demand = 0;
      return 0;
    }
    long discarded = p.backlog.clear();
    p.backlog = null;
    p.demand = 0;
    deliverReadyInfos();
    if (discarded > 0) {
      context.log().warn("Producer [{}] discarded [{}] events waiting for partition [{}], whose consumer left",
          context.producerName(), discarded, p.name);
    }
    waiting = Demands.add(waiting, discarded);
    return discarded;
  }

  @Override
  public List<E> dispatch(List<E> events) {
    int size = events.size();
    int i = 0;
    long dropped = 0;
    try {
      while (i < size && waiting > 0) {
        E event = events.get(i++);
        Object name = hash.apply(event);
        if (name == DROP) {
          dropped++;
          continue;
        }
        Partition<E> p = partition(name);
        if (p == null) {
          throw new IllegalStateException("the hash function returned partition " + name + " for event " + event
              + ", which is not one of " + partitions.keySet());
        }
        if (p.routed == null) {
          p.routed = new ArrayList<>(Math.min(size, 256));
          touched.add(p);
        }
        p.routed.add(event);
        waiting--;
      }
      for (Partition<E> p : touched) {
        deliver(p, p.routed);
      }
    } finally {
      for (Partition<E> p : touched) {
        p.routed = null;
      }
      touched.clear();
    }
    if (dropped > 0) {
      // The producer counted the dropped events against its demand; they met none.
      context.produceMore(dropped);
    }
    return i == size ? List.of() : events.subList(i, size);
  }

  @Override
  public void info(Object info) {
    PendingInfo pending = new PendingInfo(info);
    for (Partition<E> p : partitions.values()) {
      if (p.backlog != null && !p.backlog.isEmpty()) {
        p.backlog.items.addLast(pending);
        pending.awaited++;
      }
    }
    infos.addLast(pending);
    deliverReadyInfos();
  }

  /**
   * Events waiting in each partition's backlog, by partition (for tests and diagnostics).
   *
   * @return a count per partition name, in the partitions' order, a copy
   */
  public Map<Object, Integer> backlogs() {
    Map<Object, Integer> out = new LinkedHashMap<>();
    for (Partition<E> p : partitions.values()) {
      int n = 0;
      if (p.backlog != null) {
        n = p.backlog.size;
      }
      out.put(p.name, n);
    }
    return out;
  }

  /**
   * Outstanding demand of each partition's consumer, by partition (0 while it has a backlog).
   *
   * @return a count per partition name, in the partitions' order, a copy
   */
  public Map<Object, Long> demands() {
    Map<Object, Long> out = new LinkedHashMap<>();
    for (Partition<E> p : partitions.values()) {
      out.put(p.name, p.demand);
    }
    return out;
  }

  /**
   * Demand passed to the producer and not yet met by events.
   *
   * @return the demand the producer still owes
   */
  public long waiting() {
    return waiting;
  }

  /**
   * Demand of departed consumers, still to be absorbed by later asks.
   *
   * @return the demand later asks absorb before they reach the producer
   */
  public long pending() {
    return pending;
  }

  private void deliver(Partition<E> p, List<E> events) {
    if (p.backlog != null || p.consumer == null) {
      if (p.backlog == null) {
        p.backlog = new Backlog<>();
      }
      p.backlog.add(events);
      return;
    }
    int now = (int) Math.min(p.demand, events.size());
    if (now > 0) {
      // The routed list is not changed after this: both parts can be views of it.
      p.consumer.send(now == events.size() ? events : events.subList(0, now));
      p.demand -= now;
    }
    if (now < events.size()) {
      p.backlog = new Backlog<>();
      p.backlog.add(events.subList(now, events.size()));
    }
  }

  private void deliverReadyInfos() {
    while (!infos.isEmpty() && infos.peekFirst().awaited == 0) {
      context.deliverInfo(infos.pollFirst().info);
    }
  }
}
