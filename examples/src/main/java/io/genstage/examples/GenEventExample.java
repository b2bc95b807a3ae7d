package io.genstage.examples;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.CallFrom;
import io.genstage.Consumer;
import io.genstage.GenStage;
import io.genstage.Producer;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.Subscription;
import io.genstage.dispatch.BroadcastDispatcher;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * GenStage's GenEvent replacement: a broadcaster whose {@code syncNotify} returns once the event
 * has gone to every consumer, and four consumers that print what they receive. The broadcaster
 * queues notifications and emits them only against demand, and a broadcast needs every consumer's
 * demand, so a caller of {@code syncNotify} waits for the slowest consumer: that wait is the
 * back-pressure.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=io.genstage.examples.GenEventExample}.
 */
public final class GenEventExample {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GenEventExample.class);

  // #region broadcaster
  /** The broadcaster's commands. */
  sealed interface Command permits Notify {}

  /** Broadcast {@code event}; the call is answered once it has been sent to every consumer. */
  record Notify(String event) implements Command {}

  private record Queued(CallFrom from, String event) {}

  static final class Broadcaster extends Producer<String, Command> {
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long pendingDemand;

    /** Notifies every consumer of {@code event}; completes once it went to all of them. */
    static CompletableFuture<Object> syncNotify(
        ActorSystem<?> system, ProducerRef<String, Command> broadcaster, String event) {
      return GenStage.call(system, broadcaster, new Notify(event)).toCompletableFuture();
    }

    @Override
    protected List<String> handleCall(Command request, CallFrom from) {
      Notify notify = (Notify) request;
      queue.addLast(new Queued(from, notify.event()));
      return drain();
    }

    @Override
    protected List<String> handleDemand(long demand) {
      pendingDemand += demand;
      return drain();
    }

    // Emits queued events while there is demand; each caller is answered after its event left.
    private List<String> drain() {
      List<String> events = new ArrayList<>();
      while (pendingDemand > 0 && !queue.isEmpty()) {
        Queued next = queue.pollFirst();
        context().reply(next.from(), "ok");
        events.add(next.event());
        pendingDemand--;
      }
      return events;
    }
  }

  static final class Printer extends Consumer<String, Void> {
    private final String name;
    private final PrintStream out;
    private final CountDownLatch printed;

    Printer(String name, PrintStream out, CountDownLatch printed) {
      this.name = name;
      this.out = out;
      this.printed = printed;
    }

    @Override
    protected void handleEvents(List<String> events, Subscription from) {
      for (String event : events) {
        out.println(name + " " + event);
        printed.countDown();
      }
    }
  }
  // #endregion broadcaster

  /** Starts the broadcaster and four printers, notifies each event in turn, and waits until all printed. */
  public static void run(PrintStream out, List<String> events) throws Exception {
    LOG.debug("starting");
    CountDownLatch printed = new CountDownLatch(4 * events.size());
    CompletableFuture<ProducerRef<String, Command>> started = new CompletableFuture<>();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      // #region wiring
      var broadcaster = Stages.producer(Broadcaster::new,
          ProducerOptions.defaults().withDispatcher(BroadcastDispatcher.factory())).spawn(ctx, "broadcaster");
      List<CompletableFuture<Subscription>> subscribed = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        String name = "consumer-" + i;
        var printer = Stages.consumer(() -> new Printer(name, out, printed)).spawn(ctx, name);
        subscribed.add(GenStage.subscribe(ctx.getSystem(), printer, broadcaster).toCompletableFuture());
      }
      // Notify only once every consumer has subscribed: a broadcast reaches the consumers it has.
      CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new))
          .thenRun(() -> started.complete(broadcaster));
      // #endregion wiring
      return Behaviors.empty();
    }), "gen-event-example");
    try {
      ProducerRef<String, Command> broadcaster = started.get(10, TimeUnit.SECONDS);
      for (String event : events) {
        Broadcaster.syncNotify(system, broadcaster, event).get(5, TimeUnit.SECONDS);
      }
      if (!printed.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not every consumer printed every event");
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    run(System.out, List.of("1", "2", "3", "4", "5"));
  }
}
