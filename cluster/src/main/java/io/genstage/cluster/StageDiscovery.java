package io.genstage.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import io.genstage.ConsumerRef;
import io.genstage.GenStage;
import io.genstage.ProducerRef;
import io.genstage.SubscribeOptions;
import io.genstage.protocol.ProducerMessage;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Producers found by name, on this node or any node of the cluster, through Akka's Receptionist.
 * A producer (or producer-consumer) is {@linkplain #register registered} under a
 * {@link ProducerKey}; a consumer, producer-consumer or DynamicSupervisor consumer
 * {@linkplain #subscribe subscribes to the key}: to every producer listed under it now and later,
 * with the same options. A producer that stops leaves the listing by itself.
 *
 * <pre>{@code
 * StageDiscovery.register(system, ORDERS, orders);
 * StageDiscovery.subscribe(system, ORDERS, workers, SubscribeOptions.defaults().withCancel(CancelMode.TRANSIENT));
 * }</pre>
 *
 * <p>Pick the cancel mode for several producers that come and go: {@link io.genstage.CancelMode#TRANSIENT}
 * or {@code TEMPORARY} keep the consumer running when one of them ends; the default
 * {@code PERMANENT} stops it with the first.
 */
public final class StageDiscovery {
  private StageDiscovery() {}

  private static final AtomicLong SUBSCRIBERS = new AtomicLong();

  /**
   * Lists {@code producer} under {@code key} until it stops.
   *
   * @param <O> the events the key's producers emit
   * @param system the actor system whose Receptionist lists it; not null
   * @param key the name to list it under; not null
   * @param producer the producer or producer-consumer, of {@code O} or a subtype; not null
   */
  public static <O> void register(ActorSystem<?> system, ProducerKey<O> key, ProducerRef<? extends O, ?> producer) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(producer, "producer");
    ActorRef<ProducerMessage<?>> actor = producer.actor().unsafeUpcast();
    system.receptionist().tell(Receptionist.register(key.serviceKey(), actor));
  }

  /**
   * Subscribes {@code consumer} with {@code options} to every producer listed under {@code key},
   * now and as they appear, until the consumer stops. With none listed yet, it waits for the first.
   * A small actor of {@code system} follows the listing.
   *
   * @param <T> the events the consumer receives
   * @param <O> the events the key's producers emit: {@code T} or a subtype
   * @param system the actor system whose Receptionist is followed; not null
   * @param key the name the producers are listed under; not null
   * @param consumer the consumer, producer-consumer or DynamicSupervisor to subscribe; not null
   * @param options the options of each of its subscriptions; not null
   */
  public static <T, O extends T> void subscribe(ActorSystem<?> system, ProducerKey<O> key, ConsumerRef<T, ?> consumer,
      SubscribeOptions<? super O> options) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(options, "options");
    system.systemActorOf(StageDiscovery.<T, O>follower(key.serviceKey(), consumer, options),
        "genstage-discovery-" + SUBSCRIBERS.incrementAndGet(), Props.empty());
  }

  /** Subscribes the consumer to each producer the listing adds; stops with the consumer. */
  private static <T, O extends T> Behavior<Receptionist.Listing> follower(
      ServiceKey<ProducerMessage<?>> key, ConsumerRef<T, ?> consumer, SubscribeOptions<? super O> options) {
    return Behaviors.<Receptionist.Listing>setup(ctx -> {
      ctx.watch(consumer.actor());
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(key, ctx.getSelf()));
      Set<ActorRef<ProducerMessage<?>>> subscribed = new HashSet<>();
      return Behaviors.receive(Receptionist.Listing.class)
          .onMessage(Receptionist.Listing.class, listing -> {
            Set<ActorRef<ProducerMessage<?>>> listed = listing.getServiceInstances(key);
            subscribed.retainAll(listed); // those that left: their subscriptions ended with them
            for (ActorRef<ProducerMessage<?>> producer : listed) {
              if (subscribed.add(producer)) {
                GenStage.asyncSubscribe(consumer, ProducerRef.<O>of(producer.unsafeUpcast()), options);
              }
            }
            return Behaviors.same();
          })
          .onSignal(Terminated.class, t -> Behaviors.stopped())
          .build();
    });
  }
}
