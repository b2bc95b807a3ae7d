package io.genstage.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import akka.actor.typed.delivery.ConsumerController;
import akka.actor.typed.delivery.ProducerController;
import io.genstage.ConsumerRef;
import io.genstage.Delivery;
import io.genstage.ProducerRef;
import io.genstage.StageSpec;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A producer on node A, its consumer on node B: two ActorSystems in one JVM joined as an Akka
 * Cluster over Artery TCP on 127.0.0.1, events ({@code Integer}s) written by the cluster module's
 * serializer. Scores are events per second received on B; {@code remoteDemand} is the consumer's
 * remote maxDemand (minDemand half of it). Each invocation spawns the pair, moves the events, stops
 * it.
 *
 * <p>{@code atMostOnce}: the default delivery (numbered events, demand repeated after a silence);
 * {@code atLeastOnce}: the producer keeps each batch until acknowledged; {@code plainCreditBaseline}:
 * plain actors with the same credit rule and {@code byte[]} batches, the transport's ceiling;
 * {@code reliableDeliveryBaseline}: Akka's point-to-point reliable delivery (its ProducerController
 * and ConsumerController, default window of 50) moving the same {@code Integer}s, which
 * {@code remoteDemand} does not change. Both systems run the {@link BenchSystem#TUNED} dispatcher.
 */
public class ClusterBenchmark extends ActorSystemBenchmark {
  @Param({"1000", "10000"})
  public int remoteDemand;

  private ActorSystem<Void> nodeB;

  public ClusterBenchmark() {
    super("cluster");
  }

  static Config node() {
    return ConfigFactory.parseString(String.join("\n",
        "akka.actor.provider = cluster",
        "akka.remote.artery.canonical.hostname = 127.0.0.1",
        "akka.remote.artery.canonical.port = 0",
        "akka.cluster.jmx.multi-mbeans-in-same-jvm = on",
        "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
        // Some of Artery's threads outlive a terminated system; daemon threads let the fork exit
        // at once instead of after JMH's 30 s wait for stray threads.
        "akka.daemonic = on"))
        .withFallback(BenchSystem.config(BenchSystem.TUNED));
  }

  @Override
  @Setup(Level.Trial)
  public void setup() {
    system = ActorSystem.create(Behaviors.empty(), "cluster", node());
    nodeB = ActorSystem.create(Behaviors.empty(), "cluster", node());
    Cluster a = Cluster.get(system);
    Cluster b = Cluster.get(nodeB);
    a.manager().tell(Join.create(a.selfMember().address()));
    b.manager().tell(Join.create(a.selfMember().address()));
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!bothUp(a, b)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the two nodes did not form a cluster within 30 s");
      }
      Thread.onSpinWait();
    }
  }

  private static boolean bothUp(Cluster a, Cluster b) {
    for (Cluster c : List.of(a, b)) {
      if (c.state().members().size() != 2) {
        return false;
      }
      for (var m : c.state().getMembers()) {
        if (m.status() != MemberStatus.up()) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  @TearDown(Level.Trial)
  public void teardown() {
    BenchSystem.terminate(nodeB);
    BenchSystem.terminate(system);
  }

  /** Events per invocation of {@link #reliableDeliveryBaseline}, which moves them one at a time. */
  static final int RELIABLE_EVENTS = 20_000;

  int reliableEvents = RELIABLE_EVENTS;

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long atMostOnce() {
    return stages(Delivery.AT_MOST_ONCE);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long atLeastOnce() {
    return stages(Delivery.AT_LEAST_ONCE);
  }

  private long stages(Delivery delivery) {
    int n = events;
    Tally tally = new Tally(n);
    StageSpec<ProducerRef<Integer, Void>, Void> producerSpec = Stages.producer(() -> new Fixtures.Numbers(n));
    Spawned<ProducerRef<Integer, Void>> onA = Spawned.spawn(system, ctx -> producerSpec.spawn(ctx, "producer"));
    ProducerRef<Integer, Void> producer = producerSpec.ref(resolve(system, nodeB, onA.stages().actor()));
    SubscribeOptions<Object> options = SubscribeOptions.defaults()
        .withRemoteDemand(remoteDemand, remoteDemand / 2).withDelivery(delivery);
    Spawned<ConsumerRef<Integer, Void>> onB = Spawned.spawn(nodeB, ctx ->
        Stages.consumer(() -> new Fixtures.Counting(tally), SubscribeTo.of(producer, options)).spawn(ctx, "consumer"));
    long count = tally.await();
    onB.stop();
    onA.stop();
    return count;
  }

  /**
   * The same events moved by two plain actors with the same credit rule, and no library: the
   * consumer on B gives {@code remoteDemand} credit and gives back half of it each time it has
   * received half; the producer on A sends what the credit allows in one message, as a
   * {@code byte[]} of ints, which Akka writes as it is. The transport's ceiling for this demand.
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long plainCreditBaseline() {
    int n = events;
    int demand = remoteDemand;
    Tally tally = new Tally(n);
    AtomicReference<ActorRef<Long>> producer = new AtomicReference<>(); // set before the first credit
    Spawned<ActorRef<byte[]>> onB = Spawned.spawn(nodeB, ctx -> ctx.spawn(Behaviors.<byte[]>setup(c -> {
      long[] sinceCredit = new long[1];
      return Behaviors.receive(byte[].class).onMessage(byte[].class, batch -> {
        int count = batch.length / 4;
        tally.add(count);
        sinceCredit[0] += count;
        if (sinceCredit[0] >= demand / 2) {
          producer.get().tell(sinceCredit[0]);
          sinceCredit[0] = 0;
        }
        return Behaviors.same();
      }).build();
    }), "plain-consumer"));
    ActorRef<byte[]> consumerOnA = resolve(nodeB, system, onB.stages());
    Spawned<ActorRef<Long>> onA = Spawned.spawn(system, ctx -> ctx.spawn(plainProducer(n, consumerOnA), "plain-producer"));
    producer.set(resolve(system, nodeB, onA.stages()));
    producer.get().tell((long) demand);
    long count = tally.await();
    onB.stop();
    onA.stop();
    return count;
  }

  /** The plain producer: sends ints 0 .. n-1 against credit, a batch per credit message. */
  private static Behavior<Long> plainProducer(int n, ActorRef<byte[]> consumer) {
    int[] next = new int[1];
    return Behaviors.receive(Long.class).onMessage(Long.class, credit -> {
      int count = (int) Math.min(credit, n - next[0]);
      if (count > 0) {
        ByteBuffer batch = ByteBuffer.allocate(4 * count);
        for (int i = 0; i < count; i++) {
          batch.putInt(next[0]++);
        }
        consumer.tell(batch.array());
      }
      return Behaviors.same();
    }).build();
  }

  /**
   * Akka's reliable delivery, point to point: a ProducerController on A fed by a producer actor
   * that answers each RequestNext with the next {@code Integer}, a ConsumerController on B whose
   * consumer confirms each delivery. Akka's own flow control and acknowledgements.
   */
  @Benchmark
  @OperationsPerInvocation(RELIABLE_EVENTS)
  public long reliableDeliveryBaseline() {
    int n = reliableEvents;
    Tally tally = new Tally(n);
    Spawned<ActorRef<ProducerController.Command<Integer>>> onA = Spawned.spawn(system, ctx -> {
      ActorRef<ProducerController.Command<Integer>> controller = ctx.spawn(
          ProducerController.create(Integer.class, "numbers", Optional.empty()), "producer-controller");
      int[] next = new int[1];
      ActorRef<ProducerController.RequestNext<Integer>> feeder = ctx.spawn(
          Behaviors.<ProducerController.RequestNext<Integer>>receiveMessage(request -> {
            if (next[0] < n) {
              request.sendNextTo().tell(next[0]++);
            }
            return Behaviors.same();
          }), "feeder");
      controller.tell(new ProducerController.Start<>(feeder));
      return controller;
    });
    ActorRef<ProducerController.Command<Integer>> controllerSeenFromB = resolve(system, nodeB, onA.stages());
    Spawned<ActorRef<ConsumerController.Command<Integer>>> onB = Spawned.spawn(nodeB, ctx -> {
      ActorRef<ConsumerController.Command<Integer>> controller =
          ctx.spawn(ConsumerController.create(), "consumer-controller");
      ActorRef<ConsumerController.Delivery<Integer>> consumer = ctx.spawn(
          Behaviors.<ConsumerController.Delivery<Integer>>receiveMessage(delivery -> {
            tally.add(1);
            delivery.confirmTo().tell(ConsumerController.confirmed());
            return Behaviors.same();
          }), "consumer");
      controller.tell(new ConsumerController.Start<>(consumer));
      controller.tell(new ConsumerController.RegisterToProducerController<>(controllerSeenFromB));
      return controller;
    });
    long count = tally.await();
    onB.stop();
    onA.stop();
    return count;
  }

  /** {@code ref}, an actor of {@code from}, as {@code to} sees it. */
  private static <T> ActorRef<T> resolve(ActorSystem<?> from, ActorSystem<?> to, ActorRef<T> ref) {
    return ActorRefResolver.get(to).resolveActorRef(ActorRefResolver.get(from).toSerializationFormat(ref));
  }
}
