package io.genstage.interop;

import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Sink;
import io.genstage.ConsumerRef;
import io.genstage.DemandMode;
import io.genstage.GenStage;
import io.genstage.ProducerRef;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.dispatch.DemandDispatcher;
import io.genstage.dispatch.DispatcherFactory;
import io.genstage.interop.internal.ProducerSinkStage;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Akka Streams {@link Sink}s that feed stages.
 *
 * <p><b>Demand.</b> The sink is a producer: it pulls from upstream only what its consumers have
 * asked for, and sends what it pulled in one interpreter run as one batch.
 *
 * <p><b>Completion.</b> When upstream completes, the consumers receive every pulled event and then
 * a cancel with {@link io.genstage.CancelReason#NORMAL}; when upstream fails, a cancel with a
 * {@link io.genstage.CancelReason.Failure} carrying the error (their cancel modes decide what they
 * do). When the consumers cancel, {@link OnCancel} decides whether upstream is cancelled.
 */
public final class StageSink {
  private StageSink() {}

  /**
   * A sink that subscribes {@code consumer} (a consumer or producer-consumer stage) when it is
   * materialized. Upstream is cancelled when the consumer cancels. The materialized value completes
   * once the consumer has subscribed.
   *
   * @param <T> the events the consumer receives
   * @param consumer the consumer or producer-consumer to feed; not null
   * @param options the consumer's subscription's options; not null
   * @param system the actor system the sink's producer runs in; not null
   * @return the sink; its materialized value is the consumer's subscription
   */
  public static <T> Sink<T, CompletionStage<Subscription>> to(
      ConsumerRef<T, ?> consumer, SubscribeOptions<? super T> options, ActorSystem<?> system) {
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(system, "system");
    return Sink.fromGraph(
            new ProducerSinkStage<T>(system, DemandDispatcher.factory(), DemandMode.FORWARD, OnCancel.STOP,
                consumer.actor()))
        .mapMaterializedValue(producer -> GenStage.subscribe(system, consumer, producer, options));
  }

  /**
   * {@link #to(ConsumerRef, SubscribeOptions, ActorSystem)} with the default options.
   *
   * @param <T> the events the consumer receives
   * @param consumer the consumer or producer-consumer to feed; not null
   * @param system the actor system the sink's producer runs in; not null
   * @return the sink; its materialized value is the consumer's subscription
   */
  public static <T> Sink<T, CompletionStage<Subscription>> to(ConsumerRef<T, ?> consumer, ActorSystem<?> system) {
    return to(consumer, SubscribeOptions.defaults(), system);
  }

  /**
   * A sink that materializes as a producer any consumer may subscribe to, dispatching with
   * {@code dispatcher}. With {@link OnCancel#STOP}, upstream is cancelled when the last consumer
   * leaves; with {@link OnCancel#CONTINUE} the sink waits for the next one.
   *
   * @param <T> the events
   * @param dispatcher creates the producer's dispatcher; not null
   * @param onCancel whether upstream is cancelled when the last consumer leaves; not null
   * @param system the actor system the producer runs in; not null
   * @return the sink; its materialized value is the producer, one per materialization
   */
  public static <T> Sink<T, ProducerRef<T, Void>> asProducer(
      DispatcherFactory<T> dispatcher, OnCancel onCancel, ActorSystem<?> system) {
    return asProducer(dispatcher, DemandMode.FORWARD, onCancel, system);
  }

  /**
   * {@link #asProducer(DispatcherFactory, OnCancel, ActorSystem)} starting in {@code demandMode}.
   * In {@link DemandMode#ACCUMULATE} the producer takes subscriptions and asks but pulls nothing,
   * and holds upstream's end, until {@code GenStage.setDemandMode(producer, FORWARD)}: start it so
   * when several consumers must all subscribe before the first events (or the end) go out.
   *
   * @param <T> the events
   * @param dispatcher creates the producer's dispatcher; not null
   * @param demandMode the demand mode it starts in; not null
   * @param onCancel whether upstream is cancelled when the last consumer leaves; not null
   * @param system the actor system the producer runs in; not null
   * @return the sink; its materialized value is the producer, one per materialization
   */
  public static <T> Sink<T, ProducerRef<T, Void>> asProducer(
      DispatcherFactory<T> dispatcher, DemandMode demandMode, OnCancel onCancel, ActorSystem<?> system) {
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(demandMode, "demandMode");
    Objects.requireNonNull(onCancel, "onCancel");
    Objects.requireNonNull(system, "system");
    return Sink.fromGraph(new ProducerSinkStage<>(system, dispatcher, demandMode, onCancel, null));
  }
}
