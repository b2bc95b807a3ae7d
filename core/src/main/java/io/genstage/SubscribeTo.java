package io.genstage;

import java.util.Objects;

/**
 * A producer a consumer subscribes to when it starts (each incarnation subscribes again).
 *
 * @param <T> the events the consumer receives
 */
public record SubscribeTo<T>(ProducerRef<? extends T, ?> producer, SubscribeOptions options) {

  public SubscribeTo {
    Objects.requireNonNull(producer, "producer");
    Objects.requireNonNull(options, "options");
  }

  /** Subscribe to {@code producer} with the default options. */
  public static <T> SubscribeTo<T> of(ProducerRef<? extends T, ?> producer) {
    return new SubscribeTo<>(producer, SubscribeOptions.defaults());
  }

  /** Subscribe to {@code producer} with {@code options}. */
  public static <T> SubscribeTo<T> of(ProducerRef<? extends T, ?> producer, SubscribeOptions options) {
    return new SubscribeTo<>(producer, options);
  }
}
