package io.genstage.examples;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.Producer;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.supervisor.ChildSpec;
import io.genstage.supervisor.DynamicSupervisor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seed's DynamicSupervisor example: a counter produces numbers, and a DynamicSupervisor
 * subscribed to it starts one printing child per number. It asks for 50 numbers, so at most 50
 * children run at once; each child that finishes frees a slot, and the supervisor asks for more
 * once 25 slots are free. Each child works for a moment, then prints how many children are running,
 * itself included: the count climbs to 50 and never passes it.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=io.genstage.examples.SupervisorExample}.
 */
public final class SupervisorExample {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SupervisorExample.class);

  // #region stages
  /** Emits 0, 1, 2, ... up to {@code limit - 1}. */
  static final class Counter extends Producer<Integer, Void> {
    private final int limit;
    private int next;

    Counter(int limit) {
      this.limit = limit;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      List<Integer> out = new ArrayList<>();
      while (out.size() < demand && next < limit) {
        out.add(next++);
      }
      return out;
    }
  }

  private enum Done { INSTANCE }

  /**
   * A child that works on its number for {@code work} (a timer stands for slow work), then prints
   * it with how many children are running at that moment, itself included, and stops.
   */
  static Behavior<Done> printer(int number, Duration work, PrintStream out, AtomicInteger running, CountDownLatch printed) {
    return Behaviors.setup(ctx -> {
      running.incrementAndGet();
      return Behaviors.withTimers(timers -> {
        timers.startSingleTimer(Done.INSTANCE, work);
        return Behaviors.receive(Done.class)
            .onMessage(Done.class, done -> {
              out.println("child " + ctx.getSelf().path().name() + " printed " + number
                  + " (" + running.getAndDecrement() + " running)");
              printed.countDown();
              return Behaviors.stopped();
            })
            .build();
      });
    });
  }
  // #endregion stages

  /** Runs until {@code count} numbers have been printed, each by its own child. */
  public static void run(PrintStream out, int count) throws Exception {
    run(out, count, Duration.ofMillis(20));
  }

  /** The same, each child working for {@code work} before it prints. */
  public static void run(PrintStream out, int count, Duration work) throws Exception {
    LOG.debug("starting");
    CountDownLatch printed = new CountDownLatch(count);
    AtomicInteger running = new AtomicInteger();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      // #region wiring
      var counter = Stages.producer(() -> new Counter(count)).spawn(ctx, "counter");
      DynamicSupervisor.create(
              ChildSpec.of((Integer n) -> printer(n, work, out, running, printed)),
              SubscribeTo.of(counter, SubscribeOptions.defaults().withMaxDemand(50)))
          .spawn(ctx, "printers");
      // #endregion wiring
      return Behaviors.empty();
    }), "supervisor-example");
    try {
      if (!printed.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("only " + (count - printed.getCount()) + " of " + count + " printed");
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    run(System.out, args.length > 0 ? Integer.parseInt(args[0]) : 200);
  }
}
