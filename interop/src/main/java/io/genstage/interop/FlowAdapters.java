package io.genstage.interop;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.stream.javadsl.JavaFlowSupport;
import io.genstage.ConsumerRef;
import io.genstage.ProducerRef;
import io.genstage.SubscribeOptions;
import io.genstage.interop.internal.PublisherRelay;
import io.genstage.protocol.SubscriptionTag;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * Stages as {@code java.util.concurrent.Flow} publishers and subscribers, for Reactor, RxJava,
 * Mutiny, the JDK's {@code SubmissionPublisher} and anything else that speaks Reactive Streams. Both
 * pass the Reactive Streams TCK (see {@code docs/interop.md} for the skipped optional rules).
 */
public final class FlowAdapters {
  private FlowAdapters() {}

  /**
   * {@code producer} as a publisher. Each subscriber gets its own subscription to the producer;
   * its {@code request(n)} becomes demand, with at most {@code options.maxDemand()} events asked
   * ahead at a time. The producer's normal end completes the subscriber; any other reason errors it
   * (a {@link io.genstage.StageExitException}), unless the options are {@code TEMPORARY}. A stopped
   * producer errors a new subscriber at once. A {@code null} event errors the subscriber with a
   * {@link NullPointerException} naming the producer (rule 2.13), and the producer sees the
   * subscription cancelled with a {@link io.genstage.CancelReason.Failure} carrying it; so does a
   * subscriber that throws from {@code onNext}, with what it threw (it is not signalled again).
   *
   * @param <T> the events subscribers receive
   * @param producer the producer or producer-consumer each subscriber subscribes to; not null
   * @param options each subscription's options; not null
   * @param system the actor system that runs each subscriber's relay actor; not null
   * @return a publisher that can be subscribed to any number of times
   */
  public static <T> Flow.Publisher<T> publisher(
      ProducerRef<? extends T, ?> producer, SubscribeOptions<? super T> options, ActorSystem<?> system) {
    Objects.requireNonNull(producer, "producer");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(system, "system");
    return subscriber -> {
      Objects.requireNonNull(subscriber, "subscriber"); // rule 1.9
      system.systemActorOf(PublisherRelay.<T>create(StageSource.protocolRef(producer), options, subscriber),
          "stage-publisher-" + SubscriptionTag.create().id(), Props.empty());
    };
  }

  /**
   * {@link #publisher(ProducerRef, SubscribeOptions, ActorSystem)} with the default options.
   *
   * @param <T> the events subscribers receive
   * @param producer the producer or producer-consumer each subscriber subscribes to; not null
   * @param system the actor system that runs each subscriber's relay actor; not null
   * @return a publisher that can be subscribed to any number of times
   */
  public static <T> Flow.Publisher<T> publisher(ProducerRef<? extends T, ?> producer, ActorSystem<?> system) {
    return publisher(producer, SubscribeOptions.defaults(), system);
  }

  /**
   * A subscriber that feeds {@code consumer}: it requests from its publisher only what the
   * consumer asks for. {@code onComplete} reaches the consumer as a cancel with {@code NORMAL},
   * {@code onError} as a {@link io.genstage.CancelReason.Failure}; the consumer cancelling cancels the
   * subscription. A subscriber is single use.
   *
   * @param <T> the events the consumer receives
   * @param consumer the consumer or producer-consumer to feed; not null
   * @param options the consumer's subscription's options; not null
   * @param system the actor system the subscriber's stream runs in
   * @return a subscriber, for one publisher
   */
  public static <T> Flow.Subscriber<T> subscriber(
      ConsumerRef<T, ?> consumer, SubscribeOptions<? super T> options, ActorSystem<?> system) {
    return JavaFlowSupport.Source.<T>asSubscriber()
        .to(StageSink.to(consumer, options, system))
        .run(system);
  }
}
