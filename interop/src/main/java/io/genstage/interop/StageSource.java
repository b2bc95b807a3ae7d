package io.genstage.interop;

import akka.actor.Cancellable;
import akka.actor.typed.ActorRef;
import akka.stream.javadsl.Source;
import io.genstage.CancelMode;
import io.genstage.ProducerRef;
import io.genstage.SubscribeOptions;
import io.genstage.interop.internal.SourceStage;
import io.genstage.protocol.ProducerMessage;
import java.util.Objects;

/**
 * A producer (or producer-consumer) stage as an Akka Streams {@link Source}.
 *
 * <p><b>Demand.</b> The source subscribes when it is materialized and asks for {@code maxDemand}
 * events; after each element it emits downstream, when what the producer owes plus what the source
 * holds has fallen to {@code minDemand}, it asks for the rest up to {@code maxDemand}. So the producer
 * sees {@code maxDemand}, then {@code maxDemand - minDemand} at a time, and never more than
 * {@code maxDemand} events run ahead of downstream.
 *
 * <p><b>Completion.</b> When the producer cancels the subscription (it stopped, or cancelled it),
 * the source completes for {@link io.genstage.CancelReason#NORMAL} (after emitting what it holds)
 * and fails with a {@link io.genstage.StageExitException} carrying any other reason, including
 * {@link io.genstage.CancelReason#SHUTDOWN}: a producer stopped from outside ended mid-stream, and a
 * fold behind the source must not take what it got for the whole; with
 * {@link CancelMode#TEMPORARY} it completes whatever the reason. When downstream cancels, or the
 * materialized {@link Cancellable} is cancelled, the subscription is cancelled with
 * {@code NORMAL}.
 */
public final class StageSource {
  private StageSource() {}

  /**
   * A source of {@code producer}'s events with the default subscription options.
   *
   * @param <T> the source's elements
   * @param producer the producer or producer-consumer to subscribe to; not null
   * @return the source; each materialization subscribes anew, and its {@link Cancellable} cancels
   *     that subscription
   */
  public static <T> Source<T, Cancellable> from(ProducerRef<? extends T, ?> producer) {
    return from(producer, SubscribeOptions.defaults());
  }

  /**
   * A source of {@code producer}'s events. The options' selector, if any, takes the source's
   * events (or a supertype).
   *
   * @param <T> the source's elements
   * @param producer the producer or producer-consumer to subscribe to; not null
   * @param options the source's subscription's options
   * @return the source; each materialization subscribes anew, and its {@link Cancellable} cancels
   *     that subscription
   */
  public static <T> Source<T, Cancellable> from(
      ProducerRef<? extends T, ?> producer, SubscribeOptions<? super T> options) {
    return Source.fromGraph(new SourceStage<T>(protocolRef(producer), options, SourceStage.Ending.BY_REASON));
  }

  static <T> ActorRef<ProducerMessage<T>> protocolRef(ProducerRef<? extends T, ?> producer) {
    Objects.requireNonNull(producer, "producer");
    return producer.actor().unsafeUpcast();
  }
}
