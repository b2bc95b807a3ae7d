package io.genstage.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain Akka Typed actors built in the shapes of the stage rows, doing the same work under the same
 * demand and batch rule as the stages, and nothing else: the fair baseline of each row.
 *
 * <p>The rule, GenStage's ({@link Rule}): a consumer asks for {@code max} at first; it handles a
 * batch in pieces that end where what it is still owed falls to {@code min}, and there asks for
 * the difference to {@code max}. A producer sends, per ask it can serve, one message holding a
 * list of boxed integers. No
 * subscriptions, cancellation, buffers beyond what the shape needs, or failure handling: what is
 * left is the cost of the messages and of the routing the shape asks for.
 */
final class PlainShapes {
  private PlainShapes() {}

  /** Consumer to producer: {@code n} more, from {@code from}. */
  record Ask(int n, ActorRef<Object> from) {}

  /** Producer to consumer: one batch of events. */
  record Batch(List<Integer> events) {}

  /** A consumer's side of the demand rule, for one subscription. */
  static final class Rule {
    private final int max;
    private final int min;
    private int owed;

    /** The first ask, {@code max}, is sent by the caller. */
    Rule(int max, int min) {
      this.max = max;
      this.min = min;
      this.owed = max;
    }

    /** How many of {@code remaining} events to handle next: up to where what is owed reaches min. */
    int piece(int remaining) {
      return Math.min(remaining, owed - min);
    }

    /** {@code n} events were handled: the ask to send now, or 0. */
    int handled(int n) {
      owed -= n;
      if (owed > min) {
        return 0;
      }
      int ask = max - owed;
      owed = max;
      return ask;
    }
  }

  /** A producer of 1, 2, ..., {@code count}: each ask is answered with one batch to its sender. */
  static Behavior<Object> numbers(int count) {
    return Behaviors.setup(ctx -> new Numbers(ctx, count));
  }

  /** A consumer of {@code producer} by the rule, adding what it handles to {@code tally}. */
  static Behavior<Object> counter(ActorRef<Object> producer, int max, int min, Tally tally) {
    return Behaviors.setup(ctx -> new Counter(ctx, producer, max, min, tally));
  }

  /**
   * Between {@code producer} and the consumers that ask it: adds one to each event. Like a
   * producer-consumer, it handles input only while its consumer has demand, and asks upstream by
   * the rule as it handles.
   */
  static Behavior<Object> addOne(ActorRef<Object> producer, int max, int min) {
    return Behaviors.setup(ctx -> new AddOne(ctx, producer, max, min));
  }

  /**
   * A producer of 1, 2, ..., {@code count} to {@code consumers} consumers, each of which receives
   * every event: it sends as many as the consumer with the least demand asked for, as one list
   * shared by all.
   */
  static Behavior<Object> broadcaster(int count, int consumers) {
    return Behaviors.setup(ctx -> new Broadcaster(ctx, count, consumers));
  }

  /**
   * A producer of 1, 2, ..., {@code count} routed by parity to two consumers (the first to ask gets
   * the even numbers): each ask makes that many events, routed in one pass into a list per
   * consumer; each consumer is sent what it asked for, the rest waits for its next ask.
   */
  static Behavior<Object> partitioner(int count) {
    return Behaviors.setup(ctx -> new Partitioner(ctx, count));
  }

  /**
   * A consumer of {@code producer} that starts one watched child per event, each of which adds one
   * to {@code tally} and stops: the shape of a DynamicSupervisor of tasks. A slot is freed when a
   * child has stopped, and asked for again by the rule.
   */
  static Behavior<Object> spawner(ActorRef<Object> producer, int max, int min, Tally tally) {
    return Behaviors.setup(ctx -> new Spawner(ctx, producer, max, min, tally));
  }

  private static final class Spawner extends AbstractBehavior<Object> {
    private final ActorRef<Object> producer;
    private final Rule rule;
    private final Behavior<Object> child;

    Spawner(ActorContext<Object> ctx, ActorRef<Object> producer, int max, int min, Tally tally) {
      super(ctx);
      this.producer = producer;
      this.rule = new Rule(max, min);
      this.child = Behaviors.setup(c -> {
        tally.add(1);
        return Behaviors.stopped();
      });
      producer.tell(new Ask(max, ctx.getSelf()));
    }

    @Override
    public Receive<Object> createReceive() {
      return newReceiveBuilder()
          .onMessage(Batch.class, batch -> {
            for (int i = 0, n = batch.events().size(); i < n; i++) {
              getContext().watch(getContext().spawnAnonymous(child));
            }
            return this;
          })
          .onSignal(akka.actor.typed.Terminated.class, stopped -> {
            int ask = rule.handled(1);
            if (ask > 0) {
              producer.tell(new Ask(ask, getContext().getSelf()));
            }
            return this;
          })
          .build();
    }
  }

  private static final class Numbers extends AbstractBehavior<Object> {
    private final int last;
    private int next = 1;

    Numbers(ActorContext<Object> ctx, int count) {
      super(ctx);
      this.last = count;
    }

    @Override
    public Receive<Object> createReceive() {
      return newReceiveBuilder().onMessage(Ask.class, ask -> {
        int n = (int) Math.min(ask.n(), (long) last - next + 1);
        if (n > 0) {
          ask.from().tell(new Batch(range(next, n)));
          next += n;
        }
        return this;
      }).build();
    }
  }

  /** {@code n} integers from {@code first}, boxed, in a list. */
  static List<Integer> range(int first, int n) {
    List<Integer> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(first + i);
    }
    return events;
  }

  private static final class Counter extends AbstractBehavior<Object> {
    private final ActorRef<Object> producer;
    private final Rule rule;
    private final Tally tally;
    long sum;

    Counter(ActorContext<Object> ctx, ActorRef<Object> producer, int max, int min, Tally tally) {
      super(ctx);
      this.producer = producer;
      this.rule = new Rule(max, min);
      this.tally = tally;
      producer.tell(new Ask(max, ctx.getSelf()));
    }

    @Override
    public Receive<Object> createReceive() {
      return newReceiveBuilder().onMessage(Batch.class, batch -> {
        List<Integer> events = batch.events();
        for (int from = 0, size = events.size(); from < size; ) {
          int to = from + rule.piece(size - from);
          for (int i = from; i < to; i++) {
            sum += events.get(i);
          }
          tally.add(to - from);
          int ask = rule.handled(to - from);
          if (ask > 0) {
            producer.tell(new Ask(ask, getContext().getSelf()));
          }
          from = to;
        }
        return this;
      }).build();
    }
  }

  private static final class AddOne extends AbstractBehavior<Object> {
    private final ActorRef<Object> producer;
    private final Rule rule;
    private final ArrayDeque<List<Integer>> input = new ArrayDeque<>();
    private ActorRef<Object> consumer;
    private long demand;

    AddOne(ActorContext<Object> ctx, ActorRef<Object> producer, int max, int min) {
      super(ctx);
      this.producer = producer;
      this.rule = new Rule(max, min);
      producer.tell(new Ask(max, ctx.getSelf()));
    }

    @Override
    public Receive<Object> createReceive() {
      return newReceiveBuilder()
          .onMessage(Batch.class, batch -> {
            input.addLast(batch.events());
            handle();
            return this;
          })
          .onMessage(Ask.class, ask -> {
            consumer = ask.from();
            demand += ask.n();
            handle();
            return this;
          })
          .build();
    }

    // A message's chunks are handled together, and only while the consumer has demand.
    private void handle() {
      while (demand > 0 && !input.isEmpty()) {
        List<Integer> events = input.pollFirst();
        for (int from = 0, size = events.size(); from < size; ) {
          int to = from + rule.piece(size - from);
          List<Integer> out = new ArrayList<>(to - from);
          for (int i = from; i < to; i++) {
            out.add(events.get(i) + 1);
          }
          consumer.tell(new Batch(out));
          demand -= out.size();
          int ask = rule.handled(to - from);
          if (ask > 0) {
            producer.tell(new Ask(ask, getContext().getSelf()));
          }
          from = to;
        }
      }
    }
  }

  private static final class Broadcaster extends AbstractBehavior<Object> {
    private final int last;
    private final int expected;
    private final List<ActorRef<Object>> consumers = new ArrayList<>();
    private final List<long[]> demands = new ArrayList<>();
    private int next = 1;

    Broadcaster(ActorContext<Object> ctx, int count, int consumers) {
      super(ctx);
      this.last = count;
      this.expected = consumers;
    }

    @Override
    public Receive<Object> createReceive() {
      return newReceiveBuilder().onMessage(Ask.class, ask -> {
        int i = consumers.indexOf(ask.from());
        if (i < 0) {
          consumers.add(ask.from());
          demands.add(new long[] {ask.n()});
        } else {
          demands.get(i)[0] += ask.n();
        }
        if (consumers.size() < expected) {
          return this;
        }
        long least = Long.MAX_VALUE;
        for (long[] d : demands) {
          least = Math.min(least, d[0]);
        }
        int n = (int) Math.min(least, (long) last - next + 1);
        if (n > 0) {
          Batch batch = new Batch(range(next, n));
          next += n;
          for (int c = 0; c < consumers.size(); c++) {
            demands.get(c)[0] -= n;
            consumers.get(c).tell(batch);
          }
        }
        return this;
      }).build();
    }
  }

  private static final class Partitioner extends AbstractBehavior<Object> {
    private final int last;
    private final ActorRef<?>[] consumers = new ActorRef<?>[2];
    private final long[] demand = new long[2];
    @SuppressWarnings("unchecked")
    private final List<Integer>[] waiting = new List[] {new ArrayList<Integer>(), new ArrayList<Integer>()};
    private int next = 1;

    Partitioner(ActorContext<Object> ctx, int count) {
      super(ctx);
      this.last = count;
    }

    @Override
    public Receive<Object> createReceive() {
      return newReceiveBuilder().onMessage(Ask.class, ask -> {
        int p = ask.from().equals(consumers[0]) ? 0 : ask.from().equals(consumers[1]) ? 1 : -1;
        if (p < 0) {
          p = consumers[0] == null ? 0 : 1;
          consumers[p] = ask.from();
        }
        demand[p] += ask.n();
        int n = (int) Math.min(ask.n(), (long) last - next + 1);
        for (int i = 0; i < n; i++) {
          int e = next++;
          waiting[e & 1].add(e);
        }
        send(0);
        send(1);
        return this;
      }).build();
    }

    @SuppressWarnings("unchecked")
    private void send(int p) {
      List<Integer> events = waiting[p];
      if (consumers[p] == null || demand[p] == 0 || events.isEmpty()) {
        return;
      }
      ActorRef<Object> to = (ActorRef<Object>) consumers[p];
      if (events.size() <= demand[p]) {
        to.tell(new Batch(events));
        demand[p] -= events.size();
        waiting[p] = new ArrayList<>();
      } else {
        int n = (int) demand[p];
        to.tell(new Batch(new ArrayList<>(events.subList(0, n))));
        events.subList(0, n).clear();
        demand[p] = 0;
      }
    }
  }
}
