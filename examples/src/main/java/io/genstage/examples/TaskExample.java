package io.genstage.examples;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.Producer;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.supervisor.ChildSpec;
import io.genstage.supervisor.DynamicSupervisor;
import io.genstage.supervisor.SupervisorOptions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-event tasks: documents flow from a producer into a DynamicSupervisor that hashes each one in
 * its own child, at most 8 at a time (its {@code maxDemand}), on Akka's dispatcher for blocking work.
 * A task that throws is handled by the restart policy: here, {@code TRANSIENT} runs it again.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=io.genstage.examples.TaskExample}.
 */
public final class TaskExample {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TaskExample.class);

  /** Emits "document-0", "document-1", ... up to {@code count}. */
  static final class Documents extends Producer<String, Void> {
    private final int count;
    private int next;

    Documents(int count) {
      this.count = count;
    }

    @Override
    protected List<String> handleDemand(long demand) {
      List<String> out = new ArrayList<>();
      while (out.size() < demand && next < count) {
        out.add("document-" + next++);
      }
      return out;
    }
  }

  static String sha256(String text) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest);
  }

  /**
   * Hashes {@code count} documents, printing "document hash" lines, and reports the most tasks seen
   * running at once.
   */
  public static int run(PrintStream out, int count) throws Exception {
    LOG.debug("starting");
    CountDownLatch done = new CountDownLatch(count);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      var documents = Stages.producer(() -> new Documents(count)).spawn(ctx, "documents");
      // #region tasks
      ChildSpec.Task<String> hashOne = document -> {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
          out.println(document + " " + sha256(document));
        } finally {
          running.decrementAndGet();
          done.countDown();
        }
      };
      DynamicSupervisor.create(
              ChildSpec.task(hashOne).withProps(DispatcherSelector.blocking()),
              SupervisorOptions.defaults(),
              SubscribeTo.of(documents, SubscribeOptions.defaults().withMaxDemand(8)))
          .spawn(ctx, "hashers");
      // #endregion tasks
      return Behaviors.empty();
    }), "task-example");
    try {
      if (!done.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("only " + (count - done.getCount()) + " of " + count + " hashed");
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    return mostAtOnce.get();
  }

  public static void main(String[] args) throws Exception {
    int most = run(System.out, args.length > 0 ? Integer.parseInt(args[0]) : 40);
    System.out.println("at most " + most + " tasks ran at once");
  }
}
