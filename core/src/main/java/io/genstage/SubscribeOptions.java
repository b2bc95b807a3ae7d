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
 * }</pre>
 *
 * @param maxDemand the most events the consumer has asked for and not yet received; at least 1.
 *     Default 1000.
 * @param minDemand when the outstanding demand falls to this value or below, the consumer asks
 *     for more; from 0 to {@code maxDemand - 1}. Default {@code maxDemand / 2}.
 * @param cancel what the consumer does when the subscription ends. Default
 *     {@link CancelMode#PERMANENT}.
 * @param partition the partition this consumer takes, for producers with a partition dispatcher;
 *     {@code null} when unset
 * @param selector a filter applied at the producer, for producers with a broadcast dispatcher;
 *     {@code null} when unset
 * @param extras further options read by the handlers' {@code handleSubscribe} and by dispatchers
 */
public record SubscribeOptions(
    int maxDemand,
    int minDemand,
    CancelMode cancel,
    Object partition,
    Predicate<Object> selector,
    Map<String, Object> extras) {

  /** The default {@code maxDemand}. */
  public static final int DEFAULT_MAX_DEMAND = 1000;

  private static final SubscribeOptions DEFAULTS =
      new SubscribeOptions(DEFAULT_MAX_DEMAND, DEFAULT_MAX_DEMAND / 2, CancelMode.PERMANENT, null, null, Map.of());

  /**
   * @throws IllegalArgumentException when {@code maxDemand < 1}, or {@code minDemand} is outside
   *     {@code 0 .. maxDemand - 1}
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
    Objects.requireNonNull(cancel, "cancel");
    extras = Map.copyOf(Objects.requireNonNull(extras, "extras"));
  }

  /** maxDemand 1000, minDemand 500, permanent, no partition, no selector, no extras. */
  public static SubscribeOptions defaults() {
    return DEFAULTS;
  }

  /** These options with {@code maxDemand} set and {@code minDemand} reset to {@code maxDemand / 2}. */
  public SubscribeOptions withMaxDemand(int maxDemand) {
    return new SubscribeOptions(maxDemand, Math.max(0, maxDemand / 2), cancel, partition, selector, extras);
  }

  /** These options with {@code minDemand} set; {@code maxDemand} is kept. */
  public SubscribeOptions withMinDemand(int minDemand) {
    return new SubscribeOptions(maxDemand, minDemand, cancel, partition, selector, extras);
  }

  /** These options with both demand bounds set. */
  public SubscribeOptions withDemand(int maxDemand, int minDemand) {
    return new SubscribeOptions(maxDemand, minDemand, cancel, partition, selector, extras);
  }

  /** These options with the cancel mode set. */
  public SubscribeOptions withCancel(CancelMode cancel) {
    return new SubscribeOptions(maxDemand, minDemand, cancel, partition, selector, extras);
  }

  /** These options with the partition this consumer takes from a partition dispatcher. */
  public SubscribeOptions withPartition(Object partition) {
    Objects.requireNonNull(partition, "partition");
    return new SubscribeOptions(maxDemand, minDemand, cancel, partition, selector, extras);
  }

  /**
   * These options with a selector: a broadcast dispatcher sends this consumer only the events the
   * selector accepts.
   */
  @SuppressWarnings("unchecked")
  public <T> SubscribeOptions withSelector(Predicate<? super T> selector) {
    Objects.requireNonNull(selector, "selector");
    return new SubscribeOptions(maxDemand, minDemand, cancel, partition, (Predicate<Object>) selector, extras);
  }

  /** These options with one more extra option, readable by handlers and dispatchers. */
  public SubscribeOptions withExtra(String key, Object value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Map<String, Object> copy = new HashMap<>(extras);
    copy.put(key, value);
    return new SubscribeOptions(maxDemand, minDemand, cancel, partition, selector, copy);
  }

  /** The extra option stored under {@code key}, if any. */
  public Optional<Object> extra(String key) {
    return Optional.ofNullable(extras.get(key));
  }
}
