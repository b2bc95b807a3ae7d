package io.genstage.interop.internal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.StageExitException;
import io.genstage.SubscribeOptions;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.SubscriptionTag;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * INTERNAL API. One {@link Flow.Subscriber}'s subscription to a producer stage: an actor that
 * subscribes on the subscriber's behalf, turns its {@code request(n)} into asks (at most
 * {@code maxDemand} owed at a time), and signals it from its own thread, so that signals are
 * serialized. It stops, dropping the subscriber, once the subscription has ended.
 */
public final class PublisherRelay {
  private PublisherRelay() {}

  private record Request(long n) {}

  private enum CancelRequest { INSTANCE }

  private enum ProducerDown { INSTANCE }

  public static <T> Behavior<Object> create(
      ActorRef<ProducerMessage<T>> producer, SubscribeOptions<?> options, Flow.Subscriber<? super T> subscriber) {
    return Behaviors.setup(ctx -> {
      ActorRef<Object> self = ctx.getSelf();
      ActorRef<ConsumerMessage<T>> asConsumer = self.unsafeUpcast();
      SubscriptionTag tag = SubscriptionTag.create();
      ctx.watchWith(producer, ProducerDown.INSTANCE);
      producer.tell(new ProducerMessage.Subscribe<>(asConsumer, tag, options, null, null));
      var state = new Object() {
        long wanted; // requested by the subscriber and not yet signalled
        long owed; // asked of the producer and not yet received
        boolean done;

        void topUp() {
          long target = Math.min(wanted, options.maxDemand());
          if (!done && target > owed) {
            producer.tell(new ProducerMessage.Ask<>(asConsumer, tag, target - owed));
            owed = target;
          }
        }

        Behavior<Object> cancelUpstream() {
          return cancelUpstream(CancelReason.NORMAL);
        }

        Behavior<Object> cancelUpstream(CancelReason reason) {
          done = true;
          producer.tell(new ProducerMessage.Cancel<>(asConsumer, tag, reason));
          return Behaviors.stopped();
        }
      };
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {
          self.tell(new Request(n));
        }

        @Override
        public void cancel() {
          self.tell(CancelRequest.INSTANCE);
        }
      });
      return Behaviors.receive(Object.class)
          .onMessage(Request.class, r -> {
            if (state.done) {
              return Behaviors.same();
            }
            if (r.n() <= 0) {
              subscriber.onError(new IllegalArgumentException(
                  "Reactive Streams rule 3.9: request must be > 0, got: " + r.n()));
              return state.cancelUpstream();
            }
            state.wanted = state.wanted + r.n() < 0 ? Long.MAX_VALUE : state.wanted + r.n();
            state.topUp();
            return Behaviors.same();
          })
          .onMessage(CancelRequest.class, c -> state.done ? Behaviors.stopped() : state.cancelUpstream())
          .onMessage(ConsumerMessage.Events.class, e -> {
            if (state.done || !e.tag().equals(tag)) {
              return Behaviors.same();
            }
            @SuppressWarnings("unchecked")
            List<T> events = (List<T>) e.events();
            state.owed = Math.max(0, state.owed - events.size());
            for (T event : events) {
              if (state.wanted != Long.MAX_VALUE) {
                state.wanted--;
              }
              if (event == null) {
                // Rule 2.13 forbids signalling null: the stream fails, and the producer learns why.
                NullPointerException failure = new NullPointerException("producer stage [" + producer.path()
                    + "] emitted a null event, which a Flow.Subscriber may not be given (Reactive Streams rule 2.13)");
                subscriber.onError(failure);
                return state.cancelUpstream(CancelReason.failure(failure));
              }
              try {
                subscriber.onNext(event);
              } catch (RuntimeException failure) {
                // Rule 2.13: a subscriber that throws is cancelled (and not signalled again).
                ctx.getLog().error("subscriber [{}] threw from onNext; cancelling", subscriber, failure);
                return state.cancelUpstream(CancelReason.failure(failure));
              }
            }
            state.topUp();
            return Behaviors.same();
          })
          .onMessage(ConsumerMessage.Cancelled.class, c -> {
            if (state.done || !c.tag().equals(tag)) {
              return Behaviors.same();
            }
            state.done = true;
            CancelReason reason = c.reason();
            if (reason.isNormal() || options.cancel() == CancelMode.TEMPORARY) {
              subscriber.onComplete();
            } else {
              subscriber.onError(new StageExitException(reason));
            }
            return Behaviors.stopped();
          })
          .onMessage(ProducerDown.class, d -> {
            if (!state.done) {
              state.done = true;
              subscriber.onError(new StageExitException(CancelReason.TERMINATED));
            }
            return Behaviors.stopped();
          })
          .build();
    });
  }
}
