package io.genstage.examples;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.CancelReason;
import io.genstage.Consumer;
import io.genstage.Producer;
import io.genstage.ProducerConsumer;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.Subscription;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GenStage's producer-consumer example: a counter (A) feeds a stage that expands each number
 * {@code n} into {@code n, n+1, n+2} (B), which feeds a slow consumer that prints each batch (C).
 * C asks for at most 10 events at a time, so however slow C is, A never runs ahead of it by more
 * than the demand the two subscriptions allow.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java}.
 */
public final class ProducerConsumerExample {
  // Initialise logging before Akka starts its threads (avoids SLF4J's "replayed calls" notice).
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProducerConsumerExample.class);

  // #region stages
  /** A: emits 0, 1, 2, ... exactly as demanded, counting what it has emitted in {@code emitted}. */
  static final class Counter extends Producer<Integer, Void> {
    private final AtomicInteger emitted;

    Counter(int start) {
      this(new AtomicInteger(start));
    }

    Counter(AtomicInteger emitted) {
      this.emitted = emitted;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      List<Integer> events = new ArrayList<>((int) demand);
      for (long i = 0; i < demand; i++) {
        events.add(emitted.getAndIncrement());
      }
      return events;
    }
  }

  /** B: expands each event n into n, n+1, ..., n+number. */
  static final class Expander extends ProducerConsumer<Integer, Integer, Void> {
    private final int number;

    Expander(int number) {
      this.number = number;
    }

    @Override
    protected List<Integer> handleEvents(List<Integer> events, Subscription from) {
      List<Integer> out = new ArrayList<>(events.size() * (number + 1));
      for (int e : events) {
        for (int i = 0; i <= number; i++) {
          out.add(e + i);
        }
      }
      return out;
    }
  }

  /**
   * C: sleeps a little (a slow consumer), then prints the batch, how many events it has had, and how
   * many A has emitted so far: A stays a bounded distance ahead, however slow C is. It stops after
   * {@code stopAfter} events.
   */
  static final class SlowPrinter extends Consumer<Integer, Void> {
    private final PrintStream out;
    private final Duration pause;
    private final int stopAfter;
    private final AtomicInteger emitted;
    private final CompletableFuture<Void> done;
    private int seen;

    SlowPrinter(PrintStream out, Duration pause, int stopAfter, AtomicInteger emitted, CompletableFuture<Void> done) {
      this.out = out;
      this.pause = pause;
      this.stopAfter = stopAfter;
      this.emitted = emitted;
      this.done = done;
    }

    @Override
    protected void handleEvents(List<Integer> events, Subscription from) {
      sleep(pause); // stands for slow work: back-pressure keeps A and B waiting meanwhile
      List<Integer> wanted = events.subList(0, Math.min(events.size(), stopAfter - seen));
      seen += wanted.size();
      out.println("C got " + wanted + " (" + seen + " of " + stopAfter + "); A has emitted " + emitted.get());
      if (seen == stopAfter) {
        context().stop(CancelReason.NORMAL);
        done.complete(null);
      }
    }
  }
  // #endregion stages

  /**
   * Runs the pipeline until C has printed {@code events} events.
   *
   * @param out where C prints
   * @param events how many events to print before stopping
   * @param pause how long C sleeps per batch
   */
  public static void run(PrintStream out, int events, Duration pause) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger emitted = new AtomicInteger();
    LOG.debug("starting the pipeline");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      // #region wiring
      var a = Stages.producer(() -> new Counter(emitted)).spawn(ctx, "A");
      var b = Stages.producerConsumer(() -> new Expander(2),
          SubscribeTo.of(a, SubscribeOptions.defaults().withMaxDemand(10))).spawn(ctx, "B");
      Stages.consumer(() -> new SlowPrinter(out, pause, events, emitted, done),
          SubscribeTo.of(b, SubscribeOptions.defaults().withMaxDemand(10))).spawn(ctx, "C");
      // #endregion wiring
      return Behaviors.empty();
    }), "producer-consumer-example");
    try {
      done.get(60, TimeUnit.SECONDS);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    run(System.out, events, Duration.ofMillis(200));
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
