package io.genstage.interop;

import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Source;
import io.genstage.DemandMode;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.StageSpec;
import io.genstage.Stages;
import io.genstage.dispatch.DemandDispatcher;
import io.genstage.interop.internal.IteratorProducer;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Producers made from streams and collections (GenStage's {@code from_enumerable}). They pull only
 * what their consumers asked for, and stop with {@link io.genstage.CancelReason#NORMAL} once their
 * last item has left their buffer, so that permanent consumers stop too and temporary or transient
 * ones live on.
 */
public final class Producers {
  private Producers() {}

  /**
   * A producer of {@code items}'s elements. Each start of the stage iterates afresh. An iterator
   * that blocks blocks the stage.
   *
   * @param <T> the events
   * @param items the elements to emit; iterated once per start of the stage; not null
   * @return the producer, ready to spawn, with the default options; it keeps running when its
   *     last consumer cancels
   */
  public static <T> StageSpec<ProducerRef<T, Void>, Void> fromIterable(Iterable<? extends T> items) {
    return fromIterable(items, ProducerOptions.defaults(), OnCancel.CONTINUE);
  }

  /**
   * A producer of {@code items}'s elements.
   *
   * @param <T> the events
   * @param items the elements to emit; iterated once per start of the stage; not null
   * @param options the producer's dispatcher, buffer and demand mode
   * @param onCancel whether the producer stops when its last consumer cancels
   * @return the producer, ready to spawn
   */
  public static <T> StageSpec<ProducerRef<T, Void>, Void> fromIterable(
      Iterable<? extends T> items, ProducerOptions<? super T> options, OnCancel onCancel) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(onCancel, "onCancel");
    return Stages.producer(() -> new IteratorProducer<T>(items.iterator(), () -> { }, onCancel), options);
  }

  /**
   * A producer of the elements of the stream {@code stream} supplies; each start of the stage asks
   * for a new stream, and the stream is closed when the stage stops.
   *
   * @param <T> the events
   * @param stream supplies the stream for each start of the stage; not null, and must not return
   *     null
   * @param options the producer's dispatcher, buffer and demand mode
   * @param onCancel whether the producer stops when its last consumer cancels
   * @return the producer, ready to spawn
   */
  public static <T> StageSpec<ProducerRef<T, Void>, Void> fromStream(
      Supplier<? extends Stream<? extends T>> stream, ProducerOptions<? super T> options, OnCancel onCancel) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(onCancel, "onCancel");
    return Stages.producer(() -> {
      Stream<? extends T> s = Objects.requireNonNull(stream.get(), "the stream supplier returned null");
      return new IteratorProducer<T>(s.iterator(), s::close, onCancel);
    }, options);
  }

  /**
   * {@link #fromStream(Supplier, ProducerOptions, OnCancel)} with the default options.
   *
   * @param <T> the events
   * @param stream supplies the stream for each start of the stage; not null, and must not return
   *     null
   * @return the producer, ready to spawn; it keeps running when its last consumer cancels
   */
  public static <T> StageSpec<ProducerRef<T, Void>, Void> fromStream(Supplier<? extends Stream<? extends T>> stream) {
    return fromStream(stream, ProducerOptions.defaults(), OnCancel.CONTINUE);
  }

  /**
   * Runs {@code source} into a producer and returns it: the source is pulled only as consumers ask,
   * and the producer's consumers are cancelled with {@code NORMAL} once the source completed and they
   * received everything (with a failure if it failed).
   *
   * @param <T> the events
   * @param source the source to run; not null
   * @param onCancel whether the source is cancelled when the last consumer leaves
   * @param system the actor system the source runs in
   * @return the running producer, with a demand dispatcher
   */
  public static <T> ProducerRef<T, Void> fromSource(Source<T, ?> source, OnCancel onCancel, ActorSystem<?> system) {
    return fromSource(source, DemandMode.FORWARD, onCancel, system);
  }

  /**
   * {@link #fromSource(Source, OnCancel, ActorSystem)} starting in {@code demandMode}: in
   * {@link DemandMode#ACCUMULATE} nothing is pulled (and a source that is already done does not end
   * the producer) until {@code GenStage.setDemandMode(producer, FORWARD)}, so that every consumer
   * can subscribe first. A {@code Dataflow} switches such a producer itself once its stages have
   * subscribed.
   *
   * @param <T> the events
   * @param source the source to run; not null
   * @param demandMode the demand mode the producer starts in; not null
   * @param onCancel whether the source is cancelled when the last consumer leaves
   * @param system the actor system the source runs in
   * @return the running producer, with a demand dispatcher
   */
  public static <T> ProducerRef<T, Void> fromSource(
      Source<T, ?> source, DemandMode demandMode, OnCancel onCancel, ActorSystem<?> system) {
    Objects.requireNonNull(source, "source");
    return source.runWith(StageSink.<T>asProducer(DemandDispatcher.factory(), demandMode, onCancel, system), system);
  }
}
