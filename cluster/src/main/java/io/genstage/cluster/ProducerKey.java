package io.genstage.cluster;

import akka.actor.typed.receptionist.ServiceKey;
import io.genstage.protocol.ProducerMessage;

/**
 * The name under which producers of {@code O} are registered with Akka's Receptionist, so that
 * consumers on any node of the cluster find them ({@link StageDiscovery}). Two keys with the same
 * id are the same key on every node; the event type is the application's promise, as an Akka
 * {@code ServiceKey}'s message type is.
 *
 * <pre>{@code
 * static final ProducerKey<Order> ORDERS = ProducerKey.of("orders");
 * }</pre>
 *
 * @param id the key's name
 * @param <O> the events its producers emit
 */
public record ProducerKey<O>(String id) {

  /**
   * The key named {@code id}; same as {@link #of}.
   *
   * @param id the key's name; not blank
   * @throws IllegalArgumentException when {@code id} is null or blank
   */
  public ProducerKey {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank, got: " + (id == null ? null : "\"" + id + "\""));
    }
  }

  /**
   * The key named {@code id}.
   *
   * @param <O> the events its producers emit
   * @param id the key's name, the same on every node; not blank
   * @return the key
   * @throws IllegalArgumentException when {@code id} is null or blank
   */
  public static <O> ProducerKey<O> of(String id) {
    return new ProducerKey<>(id);
  }

  /** The Receptionist's key behind this one. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  ServiceKey<ProducerMessage<?>> serviceKey() {
    return (ServiceKey) ServiceKey.create(ProducerMessage.class, "genstage-producer:" + id);
  }

  @Override
  public String toString() {
    return "ProducerKey(" + id + ")";
  }
}
