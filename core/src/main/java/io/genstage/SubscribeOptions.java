package io.genstage;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Options of one subscription, validated when built. Start from {@link #defaults()}:
 *
 * <pre>{@code
 * SubscribeOptions.defaults().withMaxDemand(10);              // maxDemand 10, minDemand 5
 * SubscribeOptions.defaults().withDemand(100, 80).withCancel(CancelMode.TEMPORARY);
 * SubscribeOptions.defaults().withSelector((String e) -> e.startsWith("pref")); // SubscribeOptions<String>
 * }</pre>
 *
 * <p>The type argument is the type of the events the selector takes. The calls that subscribe to a
 * producer of {@code O} ({@link GenStage#subscribe}, {@link SubscribeTo#of}, the interop bridges) take
 * options for {@code O} or a supertype ({@code SubscribeOptions<? super O>}), so a selector written
 * for other events does not compile. Options without a selector are {@code SubscribeOptions<Object>}
 * and suit any producer. The protocol messages and the dispatchers, which the producer's event type
 * does not reach, carry {@code SubscribeOptions<?>}.
 *
 * @param <T> the events the selector takes: {@code Object} for the defaults, which suit any producer
 * @param maxDemand the most events the consumer has asked for and not yet received; at least 1.
 *     Default 1000.
 * @param minDemand when the outstanding demand falls to this value or below, the consumer asks
 *     for more; from 0 to {@code maxDemand - 1}. Default {@code maxDemand / 2}.
 * @param remoteMaxDemand {@code maxDemand} for a producer on another node, where a round trip
 *     takes milliseconds and a larger window keeps events flowing; 0 (the default) for
 *     {@code maxDemand}. Set it with {@link #withRemoteDemand}.
 * @param remoteMinDemand {@code minDemand} for a producer on another node; unused while
 *     {@code remoteMaxDemand} is 0
 * @param delivery what the subscription promises about its events: {@link Delivery#AT_MOST_ONCE}
 *     (the default), or at least once, with acknowledgements
 * @param explicitAcknowledgement at least once, the consumer acknowledges events itself with
 *     {@link StageContext#acknowledge} instead of when {@code handleEvents} returns. Default false.
 *     Set it with {@link #withExplicitAcknowledgement}.
 * @param cancel what the consumer does when the subscription ends. Default
 *     {@link CancelMode#PERMANENT}.
 * @param partition the partition this consumer takes, for producers with a partition dispatcher;
 *     {@code null} when unset
 * @param selector a filter applied at the producer, for producers with a broadcast dispatcher;
 *     {@code null} when unset
 * @param extras further options read by the handlers' {@code handleSubscribe} and by dispatchers
 */
public record SubscribeOptions<T>(
    int maxDemand,
    int minDemand,
    int remoteMaxDemand,
    int remoteMinDemand,
    Delivery delivery,
    boolean explicitAcknowledgement,
    CancelMode cancel,
    Object partition,
    Predicate<? super T> selector,
    Map<String, Object> extras) {

  /** The default {@code maxDemand}. */
  public static final int DEFAULT_MAX_DEMAND = 1000;

  private static final SubscribeOptions<Object> DEFAULTS =
      new SubscribeOptions<>(DEFAULT_MAX_DEMAND, DEFAULT_MAX_DEMAND / 2, 0, 0, Delivery.AT_MOST_ONCE, false, CancelMode.PERMANENT, null, null, Map.of());

  /**
   * Options with every value given; see the record's components. Prefer {@link #defaults()} and
   * the {@code with} methods.
   *
   * @param maxDemand at least 1
   * @param minDemand from 0 to {@code maxDemand - 1}
   * @param remoteMaxDemand 0, or at least 1
   * @param remoteMinDemand 0 while {@code remoteMaxDemand} is 0, else from 0 to
   *     {@code remoteMaxDemand - 1}
   * @param delivery the delivery mode; not null
   * @param explicitAcknowledgement whether the consumer acknowledges events itself; only with a
   *     delivery of at least once
   * @param cancel the cancel mode; not null
   * @param partition the partition taken, or {@code null}
   * @param selector the filter applied at the producer, or {@code null}
   * @param extras further options; not null, copied
   * @throws IllegalArgumentException when {@code maxDemand < 1}, or {@code minDemand} is outside
   *     {@code 0 .. maxDemand - 1}, or {@code remoteMaxDemand} is neither 0 nor a valid pair with
   *     {@code remoteMinDemand}, or acknowledgement is explicit with a delivery of
   *     {@link Delivery#AT_MOST_ONCE}
   */
  public SubscribeOptions {
    if (maxDemand < 1) {
      throw new IllegalArgumentException("maxDemand must be >= 1, got: " + maxDemand);
    }
    if (minDemand < 0) {
      throw new IllegalArgumentException("minDemand must be >= 0, got: " + minDemand);
    }
    if (minDemand > maxDemand - 1) {
      throw new IllegalArgumentException(
          "minDemand must be <= " + (maxDemand - 1) + " (maxDemand - 1), got: " + minDemand);
    }
    if (remoteMaxDemand < 0) {
      throw new IllegalArgumentException("remoteMaxDemand must be >= 1 (or 0 for maxDemand), got: " + remoteMaxDemand);
    }
    if (remoteMinDemand < 0 || (remoteMaxDemand > 0 && remoteMinDemand > remoteMaxDemand - 1)) {
      throw new IllegalArgumentException("remoteMinDemand must be in 0.." + Math.max(0, remoteMaxDemand - 1)
          + " (remoteMaxDemand - 1), got: " + remoteMinDemand);
    }
    if (remoteMaxDemand == 0 && remoteMinDemand != 0) {
      throw new IllegalArgumentException("remoteMinDemand must be 0 while remoteMaxDemand is 0, got: " + remoteMinDemand);
    }
    Objects.requireNonNull(delivery, "delivery");
    if (explicitAcknowledgement && delivery == Delivery.AT_MOST_ONCE) {
      throw new IllegalArgumentException("explicitAcknowledgement needs a delivery of AT_LEAST_ONCE or"
          + " AT_LEAST_ONCE_REDELIVERED, got: AT_MOST_ONCE");
    }
    Objects.requireNonNull(cancel, "cancel");
    extras = Map.copyOf(Objects.requireNonNull(extras, "extras"));
  }

  /**
   * maxDemand 1000, minDemand 500, permanent, no partition, no selector, no extras. Without a
   * selector the options take any events, so they suit any producer.
   *
   * @return the default options
   */
  public static SubscribeOptions<Object> defaults() {
    return DEFAULTS;
  }

  /**
   * These options with {@code maxDemand} set and {@code minDemand} reset to {@code maxDemand / 2}.
   *
   * @param maxDemand the most events asked for and not yet received; at least 1
   * @return new options; these are unchanged
   * @throws IllegalArgumentException when {@code maxDemand < 1}
   */
  public SubscribeOptions<T> withMaxDemand(int maxDemand) {
    return new SubscribeOptions<>(maxDemand, Math.max(0, maxDemand / 2), remoteMaxDemand, remoteMinDemand, delivery, explicitAcknowledgement, cancel, partition, selector, extras);
  }

  /**
   * These options with {@code minDemand} set; {@code maxDemand} is kept.
   *
   * @param minDemand the outstanding demand at or below which the consumer asks again; from 0 to
   *     {@code maxDemand - 1}
   * @return new options; these are unchanged
   * @throws IllegalArgumentException when {@code minDemand} is outside {@code 0 .. maxDemand - 1}
   */
  public SubscribeOptions<T> withMinDemand(int minDemand) {
    return new SubscribeOptions<>(maxDemand, minDemand, remoteMaxDemand, remoteMinDemand, delivery, explicitAcknowledgement, cancel, partition, selector, extras);
  }

  /**
   * These options with both demand bounds set.
   *
   * @param maxDemand the most events asked for and not yet received; at least 1
   * @param minDemand the outstanding demand at or below which the consumer asks again; from 0 to
   *     {@code maxDemand - 1}
   * @return new options; these are unchanged
   * @throws IllegalArgumentException when {@code maxDemand < 1}, or {@code minDemand} is outside
   *     {@code 0 .. maxDemand - 1}
   */
  public SubscribeOptions<T> withDemand(int maxDemand, int minDemand) {
    return new SubscribeOptions<>(maxDemand, minDemand, remoteMaxDemand, remoteMinDemand, delivery, explicitAcknowledgement, cancel, partition, selector, extras);
  }

  /**
   * These options with the demand bounds used when the producer is on another node. Messages there
   * take a network round trip, and a subscription asks again only after a batch has crossed back, so
   * a window of 1000 moves about 1.4 M events/s between two nodes on one machine and one of 10 000
   * about 9.5 M/s (docs/cluster.md). The local bounds are kept for producers on this node.
   *
   * @param maxDemand {@code maxDemand} for a producer on another node; at least 1
   * @param minDemand {@code minDemand} for a producer on another node; from 0 to
   *     {@code maxDemand - 1}
   * @return new options; these are unchanged
   * @throws IllegalArgumentException when {@code maxDemand < 1}, or {@code minDemand} is outside
   *     {@code 0 .. maxDemand - 1}
   */
  public SubscribeOptions<T> withRemoteDemand(int maxDemand, int minDemand) {
    if (maxDemand < 1) {
      throw new IllegalArgumentException("remoteMaxDemand must be >= 1, got: " + maxDemand);
    }
    return new SubscribeOptions<>(this.maxDemand, this.minDemand, maxDemand, minDemand, delivery, explicitAcknowledgement, cancel, partition, selector, extras);
  }

  /**
   * The {@code maxDemand} that applies to a producer on another node.
   *
   * @return {@code remoteMaxDemand}, or {@code maxDemand} while it is 0
   */
  public int maxDemandAcrossNodes() {
    return remoteMaxDemand == 0 ? maxDemand : remoteMaxDemand;
  }

  /**
   * The {@code minDemand} that applies to a producer on another node.
   *
   * @return {@code remoteMinDemand}, or {@code minDemand} while {@code remoteMaxDemand} is 0
   */
  public int minDemandAcrossNodes() {
    return remoteMaxDemand == 0 ? minDemand : remoteMinDemand;
  }

  /**
   * These options with the delivery mode set: see {@link Delivery}.
   *
   * @param delivery what the subscription promises about its events; not null
   * @return new options; these are unchanged
   * @throws IllegalArgumentException when {@code delivery} is {@link Delivery#AT_MOST_ONCE} and
   *     acknowledgement is explicit
   */
  public SubscribeOptions<T> withDelivery(Delivery delivery) {
    Objects.requireNonNull(delivery, "delivery");
    return new SubscribeOptions<>(maxDemand, minDemand, remoteMaxDemand, remoteMinDemand, delivery, explicitAcknowledgement, cancel, partition, selector, extras);
  }

  /**
   * These options with explicit acknowledgement, for a subscription delivered at least once (set
   * {@link #withDelivery} first): the producer keeps each event until the consumer's handler
   * acknowledges it with {@link StageContext#acknowledge}, for example once the work it started for
   * the event has finished, rather than as soon as {@code handleEvents} returns. With automatic
   * demand the consumer asks for more as it acknowledges, so that at most {@code maxDemand} events
   * are on their way or unacknowledged; with manual demand its acknowledgements travel with its
   * next ask. A {@link io.genstage.supervisor.DynamicSupervisor} subscribed this way acknowledges
   * each event when the child started for it has ended.
   *
   * @return new options; these are unchanged
   * @throws IllegalArgumentException when the delivery is {@link Delivery#AT_MOST_ONCE}, which
   *     keeps nothing to acknowledge
   */
  public SubscribeOptions<T> withExplicitAcknowledgement() {
    return new SubscribeOptions<>(maxDemand, minDemand, remoteMaxDemand, remoteMinDemand, delivery, true, cancel, partition, selector, extras);
  }

  /**
   * These options with the cancel mode set.
   *
   * @param cancel what the consumer does when the subscription ends; not null
   * @return new options; these are unchanged
   */
  public SubscribeOptions<T> withCancel(CancelMode cancel) {
    return new SubscribeOptions<>(maxDemand, minDemand, remoteMaxDemand, remoteMinDemand, delivery, explicitAcknowledgement, cancel, partition, selector, extras);
  }

  /**
   * These options with the partition this consumer takes from a partition dispatcher.
   *
   * @param partition one of the dispatcher's partition names (an {@code Integer} for counted
   *     partitions); not null
   * @return new options; these are unchanged
   */
  public SubscribeOptions<T> withPartition(Object partition) {
    Objects.requireNonNull(partition, "partition");
    return new SubscribeOptions<>(maxDemand, minDemand, remoteMaxDemand, remoteMinDemand, delivery, explicitAcknowledgement, cancel, partition, selector, extras);
  }

  /**
   * These options with a selector, typed by the events it takes: a broadcast dispatcher sends this
   * consumer only the events the selector accepts. With {@code (String e) -> ...} they become
   * {@code SubscribeOptions<String>}, for producers of {@code String} (or a subtype). An untyped
   * lambda takes its type from where the options go ({@code SubscribeTo.of(lines,
   * SubscribeOptions.defaults().withSelector(e -> ...))}), but only when {@code withSelector} is the
   * last call of the chain; otherwise give the lambda's parameter a type.
   *
   * @param <F> the events the selector takes
   * @param selector accepts the events this consumer is sent; not null
   * @return new options; these are unchanged
   */
  public <F> SubscribeOptions<F> withSelector(Predicate<? super F> selector) {
    Objects.requireNonNull(selector, "selector");
    return new SubscribeOptions<>(maxDemand, minDemand, remoteMaxDemand, remoteMinDemand, delivery, explicitAcknowledgement, cancel, partition, selector, extras);
  }

  /**
   * These options with one more extra option, readable by handlers and dispatchers.
   *
   * @param key the option's name; a value already under it is replaced; not null
   * @param value the option's value; not null
   * @return new options; these are unchanged
   */
  public SubscribeOptions<T> withExtra(String key, Object value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Map<String, Object> copy = new HashMap<>(extras);
    copy.put(key, value);
    return new SubscribeOptions<>(maxDemand, minDemand, remoteMaxDemand, remoteMinDemand, delivery, explicitAcknowledgement, cancel, partition, selector, copy);
  }

  /**
   * The extra option stored under {@code key}, if any.
   *
   * @param key the option's name
   * @return its value, or empty
   */
  public Optional<Object> extra(String key) {
    return Optional.ofNullable(extras.get(key));
  }
}
