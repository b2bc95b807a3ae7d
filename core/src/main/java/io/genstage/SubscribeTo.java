package io.genstage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A producer a consumer subscribes to when it starts (each incarnation subscribes again). Made with
 * {@link #of}, which ties the options' selector to the producer's events.
 *
 * <p>Not a record: a record's constructor would be public and would take options of any event type;
 * {@link #of} is the only way in, so a selector written for other events does not compile.
 *
 * @param <T> the events the consumer receives
 */
public final class SubscribeTo<T> {
  private final ProducerRef<? extends T, ?> producer;
  private final SubscribeOptions<?> options; // null: the system's configuration decides

  private SubscribeTo(ProducerRef<? extends T, ?> producer, SubscribeOptions<?> options) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.options = options;
  }

  /**
   * Subscribe to {@code producer} with the default options, whose demand bounds the actor system's
   * configuration gives ({@code genstage.subscribe.max-demand} and {@code min-demand}: 1000 and 500
   * unless set).
   *
   * @param <T> the events the consumer receives
   * @param producer the producer or producer-consumer to subscribe to; not null
   * @return the subscription to make at start
   */
  public static <T> SubscribeTo<T> of(ProducerRef<? extends T, ?> producer) {
    return new SubscribeTo<>(producer, null);
  }

  /**
   * Subscribe to {@code producer} with {@code options}. The consumer takes {@code T}, the producer
   * emits {@code O} (a {@code T} or a subtype), and the options' selector, if any, sees the
   * producer's events: it takes {@code O} or a supertype.
   *
   * @param <T> the events the consumer receives
   * @param <O> the events the producer emits
   * @param producer the producer or producer-consumer to subscribe to; not null
   * @param options the subscription's options; not null
   * @return the subscription to make at start
   */
  public static <T, O extends T> SubscribeTo<T> of(ProducerRef<O, ?> producer, SubscribeOptions<? super O> options) {
    return new SubscribeTo<>(producer, Objects.requireNonNull(options, "options"));
  }

  /**
   * Subscribe to each of {@code producers} with the same {@code options}: for
   * {@link Stages#consumer(java.util.function.Supplier, Collection)} and its siblings.
   *
   * @param <T> the events the consumer receives
   * @param <O> the events the producers emit
   * @param producers the producers or producer-consumers, in the order to subscribe; not null
   * @param options the subscriptions' options; not null
   * @return one subscription per producer, in order
   */
  public static <T, O extends T> List<SubscribeTo<T>> all(
      Collection<? extends ProducerRef<? extends O, ?>> producers, SubscribeOptions<? super O> options) {
    Objects.requireNonNull(options, "options");
    List<SubscribeTo<T>> out = new ArrayList<>(producers.size());
    for (ProducerRef<? extends O, ?> producer : producers) {
      out.add(new SubscribeTo<>(producer, options));
    }
    return List.copyOf(out);
  }

  /**
   * The producer to subscribe to.
   *
   * @return the producer's reference
   */
  public ProducerRef<? extends T, ?> producer() {
    return producer;
  }

  /**
   * The subscription's options, whose selector takes the producer's events: {@link
   * SubscribeOptions#defaults()} when none were given, in which case the stage takes its demand
   * bounds from the actor system's configuration.
   *
   * @return the options
   */
  public SubscribeOptions<?> options() {
    return options == null ? SubscribeOptions.defaults() : options;
  }

  /** The options given in code, or null when the system's configuration is to decide. */
  SubscribeOptions<?> givenOptions() {
    return options;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubscribeTo<?> other && producer.equals(other.producer) && Objects.equals(options, other.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(producer, options);
  }

  @Override
  public String toString() {
    return "SubscribeTo[producer=" + producer + ", options=" + options + "]";
  }
}
