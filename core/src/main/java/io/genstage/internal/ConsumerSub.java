package io.genstage.internal;

import akka.actor.typed.ActorRef;
import io.genstage.CancelReason;
import io.genstage.Delivery;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.dispatch.ConsumerHandle;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ConsumerMessage.Events;
import io.genstage.protocol.ConsumerMessage.NumberedEvents;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.ProducerMessage.AskUpTo;
import io.genstage.protocol.ProducerMessage.Cancel;
import io.genstage.protocol.SubscriptionTag;
import java.io.NotSerializableException;
import java.util.List;

/**
 * INTERNAL API. One consumer's subscription to a {@link ProducerHalf}, as the dispatcher sees it:
 * how its batches leave (plain, numbered, checked for another node) and, at least once, what it
 * has not acknowledged. Equal by tag.
 */
@InternalApi
final class ConsumerSub implements ConsumerHandle<Object> {
  private final StageShell shell;
  private final ActorRef<ProducerMessage<Object>> self; // the producer
  final ActorRef<ConsumerMessage<Object>> consumer;
  final SubscriptionTag tag;
  final Subscription subscription;
  /** On another node: its batches are serialized. */
  final boolean remote;
  /** A batch could not be written for it: it is being cancelled. */
  boolean unsendable;
  /** The consumer asked with {@link AskUpTo}: its events are numbered. */
  boolean numbered;
  long sent; // the number of the last event sent
  long allowed; // the highest upTo asked
  final Delivery delivery;
  /** A resubscribe replaces it. */
  boolean replaced;
  /** At least once: the batches sent and not yet acknowledged, oldest first. */
  final UnacknowledgedBatches unacknowledged;
  /** The consumer's options, for StageObserver. */
  final SubscribeOptions<?> options;

  // Observed, per batch (StageObserver reads them).
  long asked; // demand the consumer has asked for in all
  long eventsOut;
  long lastOutMillis; // 0 until a batch was sent

  ConsumerSub(StageShell shell, ActorRef<ProducerMessage<Object>> self, ActorRef<ConsumerMessage<Object>> consumer,
      SubscriptionTag tag, SubscribeOptions<?> options) {
    this.shell = shell;
    this.self = self;
    this.consumer = consumer;
    this.tag = tag;
    this.subscription = new Subscription(self, consumer, tag);
    this.remote = shell.acrossNodes(consumer);
    this.options = options;
    this.delivery = options.delivery();
    this.unacknowledged = delivery == Delivery.AT_MOST_ONCE ? null : new UnacknowledgedBatches();
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
  public void send(List<Object> events) {
    if (remote) {
      sendAcrossNodes(events);
    } else if (numbered) {
      sendBatch(events);
    } else {
      shell.send(consumer, new Events<>(self, tag, events)); // kept small: the dispatchers' hot path
      counted(events.size());
    }
  }

  private void counted(int sentNow) {
    eventsOut += sentNow;
    lastOutMillis = shell.nowMillis();
  }

  private void sendAcrossNodes(List<Object> events) {
    if (unsendable) {
      return; // its cancel is on its way
    }
    String problem = shell.unsendable(consumer, events);
    if (problem != null) {
      // Akka would drop the batch with a log line on this node and the consumer would wait.
      unsendable = true;
      shell.log().error("Producer stage [{}] cannot send [{}] events to [{}] on another node, cancelling its subscription: {}",
          shell.name(), events.size(), consumer, problem);
      shell.tellSelf(new Cancel<>(consumer, tag, CancelReason.failure(new NotSerializableException(problem))));
      return;
    }
    sendBatch(events);
  }

  /** Sends a batch, numbered if the consumer asks up to event numbers. */
  private void sendBatch(List<Object> events) {
    if (numbered) {
      NumberedEvents<Object> batch = new NumberedEvents<>(self, tag, sent + 1, events);
      shell.send(consumer, batch);
      sent += events.size();
      counted(events.size());
      if (unacknowledged != null) {
        unacknowledged.add(batch);
      }
    } else {
      shell.send(consumer, new Events<>(self, tag, events));
      counted(events.size());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsumerHandle<?> h && h.tag().equals(tag);
  }

  @Override
  public int hashCode() {
    return tag.hashCode();
  }

  @Override
  public String toString() {
    return "Consumer(" + consumer.path() + ", " + tag + ")";
  }
}
