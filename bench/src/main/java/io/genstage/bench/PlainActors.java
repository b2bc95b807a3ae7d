package io.genstage.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import java.util.ArrayList;
import java.util.List;

/**
 * The ceiling: two plain Akka Typed actors speaking the smallest demand protocol there is. The
 * consumer asks for {@code max} numbers, and asks again for the difference whenever what it is
 * still owed falls to {@code min} (max 1000, min 500 in the benchmarks, as a stage's default
 * subscription). The producer answers an ask either with one message holding a list of boxed
 * integers (batched, as our stages carry events) or with one message per integer (single events).
 * No subscriptions, no dispatcher, no buffer, no cancellation: what is left is the cost of moving
 * messages between two actors.
 */
final class PlainActors {
  private PlainActors() {}

  /** Consumer to producer: send {@code n} more. */
  record Ask(int n, ActorRef<Object> replyTo) {}

  /** Producer to consumer, batched: the events of one ask. */
  record Batch(List<Integer> events) {}

  /** A producer of 1, 2, ..., {@code count}; one message per ask when {@code batched}. */
  static Behavior<Object> producer(int count, boolean batched) {
    return Behaviors.setup(ctx -> new Numbers(ctx, count, batched));
  }

  /** A consumer that counts {@code count} events from {@code producer}, then adds them to {@code tally}. */
  static Behavior<Object> consumer(ActorRef<Object> producer, int count, int max, int min, Tally tally) {
    return Behaviors.setup(ctx -> new Counter(ctx, producer, count, max, min, tally));
  }

  private static final class Numbers extends AbstractBehavior<Object> {
    private final int last;
    private final boolean batched;
    private int next = 1;

    Numbers(ActorContext<Object> ctx, int count, boolean batched) {
      super(ctx);
      this.last = count;
      this.batched = batched;
    }

    @Override
    public Receive<Object> createReceive() {
      return newReceiveBuilder().onMessage(Ask.class, this::onAsk).build();
    }

    private Behavior<Object> onAsk(Ask ask) {
      int n = (int) Math.min(ask.n(), (long) last - next + 1);
      if (n <= 0) {
        return this;
      }
      if (batched) {
        List<Integer> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          events.add(next++);
        }
        ask.replyTo().tell(new Batch(events));
      } else {
        ActorRef<Object> to = ask.replyTo();
        for (int i = 0; i < n; i++) {
          to.tell(Integer.valueOf(next++));
        }
      }
      return this;
    }
  }

  private static final class Counter extends AbstractBehavior<Object> {
    private final ActorRef<Object> producer;
    private final int target;
    private final int max;
    private final int min;
    private final Tally tally;
    private long count;
    private long sum;
    private int owed;

    Counter(ActorContext<Object> ctx, ActorRef<Object> producer, int count, int max, int min, Tally tally) {
      super(ctx);
      this.producer = producer;
      this.target = count;
      this.max = max;
      this.min = min;
      this.tally = tally;
      this.owed = max;
      producer.tell(new Ask(max, ctx.getSelf()));
    }

    @Override
    public Receive<Object> createReceive() {
      return newReceiveBuilder()
          .onMessage(Batch.class, batch -> {
            sum += Fixtures.sumOf(batch.events());
            return received(batch.events().size());
          })
          .onMessage(Integer.class, event -> {
            sum += event;
            return received(1);
          })
          .build();
    }

    private Behavior<Object> received(int n) {
      count += n;
      owed -= n;
      if (count >= target) {
        tally.add(count);
      } else if (owed <= min) {
        producer.tell(new Ask(max - owed, getContext().getSelf()));
        owed = max;
      }
      return this;
    }
  }
}
