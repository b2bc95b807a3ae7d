package io.genstage.examples;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.Consumer;
import io.genstage.Producer;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.StageSpec;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.Subscription;
import io.genstage.dispatch.PartitionDispatcher;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Orders from several customers, partitioned by customer: every order of a customer goes to the
 * same consumer, so each consumer sees each of its customers' orders in the order they were placed,
 * while the consumers work in parallel.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=io.genstage.examples.PartitionExample}.
 */
public final class PartitionExample {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PartitionExample.class);

  static final List<String> CUSTOMERS = List.of("alice", "bob", "carol", "dave", "erin");
  static final int PARTITIONS = 3;

  // #region stages
  /** An order: the {@code seq}-th order of {@code customer}. */
  record Order(String customer, int seq) {}

  /** Emits {@code total} orders, customers in turn, then nothing more. */
  static final class Orders extends Producer<Order, Void> {
    private final int total;
    private int emitted;

    Orders(int total) {
      this.total = total;
    }

    @Override
    protected List<Order> handleDemand(long demand) {
      List<Order> out = new ArrayList<>();
      while (out.size() < demand && emitted < total) {
        String customer = CUSTOMERS.get(emitted % CUSTOMERS.size());
        out.add(new Order(customer, emitted / CUSTOMERS.size()));
        emitted++;
      }
      return out;
    }
  }

  /** Processes the orders of one partition and checks each customer's orders arrive in order. */
  static final class OrderDesk extends Consumer<Order, Void> {
    private final int partition;
    private final PrintStream out;
    private final CountDownLatch processed;
    private final Map<String, Integer> lastSeq = new HashMap<>();

    OrderDesk(int partition, PrintStream out, CountDownLatch processed) {
      this.partition = partition;
      this.out = out;
      this.processed = processed;
    }

    @Override
    protected void handleEvents(List<Order> orders, Subscription from) {
      for (Order order : orders) {
        int previous = lastSeq.getOrDefault(order.customer(), -1);
        if (order.seq() != previous + 1) {
          throw new IllegalStateException("out of order: " + order + " after seq " + previous);
        }
        lastSeq.put(order.customer(), order.seq());
        out.println("partition-" + partition + " " + order.customer() + " " + order.seq());
        processed.countDown();
      }
    }
  }
  // #endregion stages

  /** {@code total} orders, each customer's to the partition of its name. */
  static StageSpec<ProducerRef<Order, Void>, Void> orders(int total) {
    return Stages.producer(() -> new Orders(total), ProducerOptions.<Order>defaults()
        .withDispatcher(PartitionDispatcher.factory(PARTITIONS, PartitionExample::partitionOf)));
  }

  /** The partition of a customer's orders. */
  static int partitionOf(Order order) {
    return Math.floorMod(order.customer().hashCode(), PARTITIONS);
  }

  /** Runs the pipeline until every one of {@code total} orders has been processed. */
  public static void run(PrintStream out, int total) throws Exception {
    LOG.debug("starting");
    CountDownLatch processed = new CountDownLatch(total);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      // #region wiring
      var orders = orders(total).spawn(ctx, "orders");
      for (int p = 0; p < PARTITIONS; p++) {
        int partition = p;
        Stages.consumer(() -> new OrderDesk(partition, out, processed),
            SubscribeTo.of(orders, SubscribeOptions.defaults().withMaxDemand(4).withPartition(partition)))
            .spawn(ctx, "desk-" + partition);
      }
      // #endregion wiring
      return Behaviors.empty();
    }), "partition-example");
    try {
      if (!processed.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("only " + (total - processed.getCount()) + " of " + total + " orders processed");
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    run(System.out, args.length > 0 ? Integer.parseInt(args[0]) : 30);
  }
}
