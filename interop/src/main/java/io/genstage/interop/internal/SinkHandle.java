package io.genstage.interop.internal;

import akka.actor.typed.ActorRef;
import io.genstage.SubscribeOptions;
import io.genstage.dispatch.ConsumerHandle;
import io.genstage.internal.InternalApi;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.SubscriptionTag;
import java.util.List;

/** INTERNAL API. A consumer subscribed to a {@link ProducerSinkStage}, with its counters. Equal by tag. */
@InternalApi
final class SinkHandle<T> implements ConsumerHandle<T> {
  final ActorRef<ProducerMessage<T>> producer;
  final ActorRef<ConsumerMessage<T>> consumer;
  final SubscriptionTag tag;
  final SubscribeOptions<?> options;
  long asked; // for StageStats
  long sent;
  long lastMillis;

  SinkHandle(ActorRef<ProducerMessage<T>> producer, ActorRef<ConsumerMessage<T>> consumer, SubscriptionTag tag,
      SubscribeOptions<?> options) {
    this.producer = producer;
    this.consumer = consumer;
    this.tag = tag;
    this.options = options;
  }

  @Override
  public SubscriptionTag tag() {
    return tag;
  }

  @Override
  public Object owner() {
    return consumer;
  }

  @Override
  public void send(List<T> events) {
    consumer.tell(new ConsumerMessage.Events<>(producer, tag, events));
    sent += events.size();
    lastMillis = System.currentTimeMillis();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsumerHandle<?> h && h.tag().equals(tag);
  }

  @Override
  public int hashCode() {
    return tag.hashCode();
  }
}
