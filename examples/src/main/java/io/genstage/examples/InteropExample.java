package io.genstage.examples;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.genstage.ProducerConsumer;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.interop.StageFlow;
import io.genstage.interop.StageSource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Both worlds in one pipeline: an Akka Streams range feeds a producer-consumer stage through
 * {@link StageFlow}, and an Akka Streams sink sums what comes out. The stage's demand paces the
 * range: the source is pulled only as fast as the stage asks. Then the same stage kind is read as a
 * plain {@link StageSource} from a counter producer.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=io.genstage.examples.InteropExample}.
 */
public final class InteropExample {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InteropExample.class);

  /** Squares each number. */
  static final class Squarer extends ProducerConsumer<Integer, Long, Void> {
    @Override
    protected List<Long> handleEvents(List<Integer> events, Subscription from) {
      List<Long> out = new ArrayList<>(events.size());
      for (int n : events) {
        out.add((long) n * n);
      }
      return out;
    }
  }

  /** Sums the squares of 1..{@code n} through a stage, prints the sum and returns it. */
  public static long run(PrintStream out, int n) throws Exception {
    LOG.debug("starting");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "interop-example");
    try {
      // #region flow
      var squarer = Stages.producerConsumer(Squarer::new).spawn(system, "squarer");
      long sum = Source.range(1, n)
          .via(StageFlow.through(squarer, SubscribeOptions.defaults().withMaxDemand(100),
              SubscribeOptions.defaults().withMaxDemand(100), system))
          .runWith(Sink.fold(0L, Long::sum), system)
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      // #endregion flow
      out.println("sum of squares of 1.." + n + " = " + sum);

      // #region source
      var counter = Stages.producer(() -> new ProducerConsumerExample.Counter(1)).spawn(system, "counter");
      List<Integer> firstTen = StageSource.<Integer>from(counter, SubscribeOptions.defaults().withMaxDemand(4))
          .take(10)
          .runWith(Sink.seq(), system)
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      // #endregion source
      out.println("first ten from the counter: " + firstTen);
      return sum;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    run(System.out, args.length > 0 ? Integer.parseInt(args[0]) : 1000);
  }
}
