package io.genstage;

import akka.actor.typed.Behavior;
import io.genstage.internal.StageActor;
import io.genstage.internal.StageConfig;
import io.genstage.internal.StageConfig.InitialSubscription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Turns handlers into stages. Each start and restart of a stage calls the supplier for a fresh
 * handler, so a restarted stage is a new incarnation with no subscriptions but those it makes again
 * through {@code subscribeTo}.
 *
 * <pre>{@code
 * var counter = Stages.producer(() -> new Counter(0)).spawn(ctx, "counter");
 * var printer = Stages.consumer(Printer::new, SubscribeTo.of(counter)).spawn(ctx, "printer");
 * }</pre>
 */
public final class Stages {
  private Stages() {}

  /**
   * A producer with the default options.
   *
   * @param <O> the events it emits
   * @param <C> its command type
   * @param handler makes a fresh handler for each start and restart; it must not return null
   * @return the stage, ready to spawn
   */
  public static <O, C> StageSpec<ProducerRef<O, C>, C> producer(Supplier<? extends Producer<O, C>> handler) {
    return producer(handler, ProducerOptions.defaults(), StageConfig.CONFIGURED_BUFFER_SIZE);
  }

  /**
   * A producer. Its options' dispatcher takes the producer's events or a supertype of them: a
   * dispatcher written for other events does not compile.
   *
   * @param <O> the events it emits
   * @param <C> its command type
   * @param handler makes a fresh handler for each start and restart; it must not return null
   * @param options the producer's dispatcher, buffer and demand mode
   * @return the stage, ready to spawn
   */
  public static <O, C> StageSpec<ProducerRef<O, C>, C> producer(
      Supplier<? extends Producer<O, C>> handler, ProducerOptions<? super O> options) {
    Objects.requireNonNull(options, "options");
    return producer(handler, options, options.bufferSize());
  }

  // The buffer size is CONFIGURED_BUFFER_SIZE when the system's configuration is to decide.
  private static <O, C> StageSpec<ProducerRef<O, C>, C> producer(
      Supplier<? extends Producer<O, C>> handler, ProducerOptions<? super O> options, int bufferSize) {
    Objects.requireNonNull(handler, "handler");
    return spec(new StageConfig(StageKind.PRODUCER, () -> created(handler).bridge(), options.dispatcher(),
        bufferSize, options.bufferKeep(), options.demand(), List.of()));
  }

  /**
   * A producer-consumer with the default options, subscribed at start to {@code subscribeTo}.
   *
   * @param <I> the events it receives
   * @param <O> the events it emits
   * @param <C> its command type
   * @param handler makes a fresh handler for each start and restart; it must not return null
   * @param subscribeTo the producers each incarnation subscribes to when it starts; none for
   *     subscriptions made later
   * @return the stage, ready to spawn
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read
  public static <I, O, C> StageSpec<ProducerConsumerRef<I, O, C>, C> producerConsumer(
      Supplier<? extends ProducerConsumer<I, O, C>> handler, SubscribeTo<? extends I>... subscribeTo) {
    return producerConsumer(handler, ProducerConsumerOptions.defaults(), StageConfig.CONFIGURED_BUFFER_SIZE,
        Arrays.asList(subscribeTo));
  }

  /**
   * A producer-consumer, subscribed at start to {@code subscribeTo}. Its options' dispatcher takes the
   * stage's output events or a supertype of them: a dispatcher written for other events does not
   * compile.
   *
   * @param <I> the events it receives
   * @param <O> the events it emits
   * @param <C> its command type
   * @param handler makes a fresh handler for each start and restart; it must not return null
   * @param options the stage's dispatcher and buffer
   * @param subscribeTo the producers each incarnation subscribes to when it starts; none for
   *     subscriptions made later
   * @return the stage, ready to spawn
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read
  public static <I, O, C> StageSpec<ProducerConsumerRef<I, O, C>, C> producerConsumer(
      Supplier<? extends ProducerConsumer<I, O, C>> handler,
      ProducerConsumerOptions<? super O> options,
      SubscribeTo<? extends I>... subscribeTo) {
    return producerConsumer(handler, options, Arrays.asList(subscribeTo));
  }

  /**
   * A producer-consumer with the default options, subscribed at start to each of
   * {@code subscribeTo} (see {@link SubscribeTo#all}), in order.
   *
   * @param <I> the events it receives
   * @param <O> the events it emits
   * @param <C> its command type
   * @param handler makes a fresh handler for each start and restart; it must not return null
   * @param subscribeTo the producers each incarnation subscribes to when it starts; not null
   * @return the stage, ready to spawn
   */
  public static <I, O, C> StageSpec<ProducerConsumerRef<I, O, C>, C> producerConsumer(
      Supplier<? extends ProducerConsumer<I, O, C>> handler, Collection<? extends SubscribeTo<? extends I>> subscribeTo) {
    return producerConsumer(handler, ProducerConsumerOptions.defaults(), StageConfig.CONFIGURED_BUFFER_SIZE, subscribeTo);
  }

  /**
   * A producer-consumer, subscribed at start to each of {@code subscribeTo} (see
   * {@link SubscribeTo#all}), in order.
   *
   * @param <I> the events it receives
   * @param <O> the events it emits
   * @param <C> its command type
   * @param handler makes a fresh handler for each start and restart; it must not return null
   * @param options the stage's dispatcher and buffer
   * @param subscribeTo the producers each incarnation subscribes to when it starts; not null
   * @return the stage, ready to spawn
   */
  public static <I, O, C> StageSpec<ProducerConsumerRef<I, O, C>, C> producerConsumer(
      Supplier<? extends ProducerConsumer<I, O, C>> handler,
      ProducerConsumerOptions<? super O> options,
      Collection<? extends SubscribeTo<? extends I>> subscribeTo) {
    Objects.requireNonNull(options, "options");
    return producerConsumer(handler, options, options.bufferSize(), subscribeTo);
  }

  private static <I, O, C> StageSpec<ProducerConsumerRef<I, O, C>, C> producerConsumer(
      Supplier<? extends ProducerConsumer<I, O, C>> handler, ProducerConsumerOptions<? super O> options,
      int bufferSize, Collection<? extends SubscribeTo<? extends I>> subscribeTo) {
    Objects.requireNonNull(handler, "handler");
    return spec(new StageConfig(StageKind.PRODUCER_CONSUMER, () -> created(handler).bridge(), options.dispatcher(),
        bufferSize, options.bufferKeep(), DemandMode.FORWARD, initial(subscribeTo)));
  }

  /**
   * A consumer, subscribed at start to {@code subscribeTo}.
   *
   * @param <I> the events it receives
   * @param <C> its command type
   * @param handler makes a fresh handler for each start and restart; it must not return null
   * @param subscribeTo the producers each incarnation subscribes to when it starts; none for
   *     subscriptions made later
   * @return the stage, ready to spawn
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read
  public static <I, C> StageSpec<ConsumerRef<I, C>, C> consumer(
      Supplier<? extends Consumer<I, C>> handler, SubscribeTo<? extends I>... subscribeTo) {
    return consumer(handler, Arrays.asList(subscribeTo));
  }

  /**
   * A consumer, subscribed at start to each of {@code subscribeTo} (see {@link SubscribeTo#all}),
   * in order.
   *
   * @param <I> the events it receives
   * @param <C> its command type
   * @param handler makes a fresh handler for each start and restart; it must not return null
   * @param subscribeTo the producers each incarnation subscribes to when it starts; not null
   * @return the stage, ready to spawn
   */
  public static <I, C> StageSpec<ConsumerRef<I, C>, C> consumer(
      Supplier<? extends Consumer<I, C>> handler, Collection<? extends SubscribeTo<? extends I>> subscribeTo) {
    Objects.requireNonNull(handler, "handler");
    return spec(new StageConfig(StageKind.CONSUMER, () -> created(handler).bridge(), null,
        0, BufferKeep.LAST, DemandMode.FORWARD, initial(subscribeTo)));
  }

  /** A fresh handler from {@code handler}, as each incarnation of the stage starts. */
  private static <H> H created(Supplier<? extends H> handler) {
    H created = handler.get();
    if (created == null) {
      throw new IllegalStateException("the handler supplier returned null");
    }
    return created;
  }

  private static List<InitialSubscription> initial(Collection<? extends SubscribeTo<?>> subscribeTo) {
    List<InitialSubscription> out = new ArrayList<>(Objects.requireNonNull(subscribeTo, "subscribeTo").size());
    for (SubscribeTo<?> s : subscribeTo) {
      Objects.requireNonNull(s, "subscribeTo entry");
      out.add(new InitialSubscription(s.producer().actor(), s.givenOptions()));
    }
    return List.copyOf(out);
  }

  @SuppressWarnings("unchecked")
  private static <R extends StageRef<C>, C> StageSpec<R, C> spec(StageConfig config) {
    // The actor accepts the protocol and library commands besides C; C is what users may tell it.
    Behavior<C> behavior = (Behavior<C>) (Behavior<?>) StageActor.create(config);
    return new StageSpec<>(behavior);
  }
}
