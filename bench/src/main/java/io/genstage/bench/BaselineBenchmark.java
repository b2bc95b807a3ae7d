package io.genstage.bench;

import akka.NotUsed;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.ActorContext;
import akka.stream.javadsl.BroadcastHub;
import akka.stream.javadsl.PartitionHub;
import akka.stream.javadsl.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * The baselines our stages are compared with, in the same run. Scores are events per second.
 *
 * <ul>
 *   <li>{@code actorsBatched} (the ceiling): two plain typed actors; the consumer asks for 1000 and
 *       refills at 500, the producer answers each ask with one message holding a list of boxed
 *       integers. See {@link PlainActors}.
 *   <li>{@code actorsSingle}: the same demand protocol, but one message per event (no batching).
 *   <li>{@code streamsFused}: {@code Source.range(1, n)} into a counting sink with no async
 *       boundary: one actor running the fused graph, the per-element cost of Akka Streams' interpreter
 *       alone (the bound of any source read in a fused graph, such as the Source bridge's).
 *   <li>{@code streamsAsync}: {@code Source.range(1, n).async()} into a counting sink: two actors.
 *   <li>{@code streamsAsyncMap}: {@code Source.range(1, n).async().map(x -> x + 1).async()} into a
 *       counting sink: three actors, the shape of producer to producer-consumer to consumer.
 *   <li>{@code broadcastHub4}: {@code Source.range} into a {@code BroadcastHub} (buffer 256) with 4
 *       counting consumers. Score: events <em>each</em> consumer received per second.
 *   <li>{@code partitionHub2}: {@code Source.range} into a {@code PartitionHub} (buffer 256,
 *       starting after 2 consumers) by parity, 2 counting consumers. Score: events in all.
 * </ul>
 *
 * <p>The same-shape baselines, one per stage row: plain typed actors doing that row's work under
 * the same demand and batch rule ({@link PlainShapes}), so that each row is compared with what its
 * topology costs without the library.
 *
 * <ul>
 *   <li>{@code plainDemand}: producer to consumer at maxDemand 10, 100, 1000, 10000 (min = max / 2),
 *       for {@code PipelineBenchmark.producerToConsumer}.
 *   <li>{@code plainChain}: producer, an actor that adds one, consumer, both at 1000/500, for
 *       {@code PipelineBenchmark.producerConsumerChain}.
 *   <li>{@code plainBroadcast4}: a producer sending each batch to 4 consumers at 1000/500, for
 *       {@code DispatchBenchmark.broadcast4}. Score: events each consumer received per second.
 *   <li>{@code plainPartition2}: a producer routing by parity to 2 consumers at 1000/500, for
 *       {@code DispatchBenchmark.partition2}. Score: events in all.
 *   <li>{@code plainSupervisor}: an actor starting one watched child per event of a producer, at
 *       most 50 at once, asking again for 25 each time 25 have stopped, each child counting itself
 *       and stopping: for {@code SupervisorBenchmark.childrenPerSecond}. Score: children per second.
 * </ul>
 *
 * <p>Runs in the {@link BenchSystem#TUNED} actor system (default dispatcher: fork-join, 2 threads,
 * throughput 100). Akka Streams runs with its defaults (async boundary buffer 16).
 */
public class BaselineBenchmark extends ActorSystemBenchmark {
  static final int SINGLE_EVENTS = 200_000;

  /** Events per invocation of {@link #actorsSingle}; lowered by the smoke test only. */
  int singleEvents = SINGLE_EVENTS;

  /** Children per invocation of {@link #plainSupervisor}; lowered by the smoke test only. */
  int children = SupervisorBenchmark.CHILDREN;

  public BaselineBenchmark() {
    super("baseline");
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long actorsBatched() {
    return plainActors(events, true);
  }

  @Benchmark
  @OperationsPerInvocation(SINGLE_EVENTS)
  public long actorsSingle() {
    return plainActors(singleEvents, false);
  }

  static long plainActors(ActorSystem<?> system, int n, boolean batched) {
    Tally tally = new Tally(n);
    Spawned<ActorRef<Object>> run = Spawned.spawn(system, ctx -> {
      ActorRef<Object> producer = ctx.spawn(PlainActors.producer(n, batched), "producer");
      return ctx.spawn(PlainActors.consumer(producer, n, 1000, 500, tally), "consumer");
    });
    long count = tally.await();
    run.stop();
    return count;
  }

  private long plainActors(int n, boolean batched) {
    return plainActors(system, n, batched);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long plainDemand(PipelineBenchmark.Demand demand) {
    int n = events;
    int max = demand.maxDemand;
    Tally tally = new Tally(n);
    return plain(tally, ctx -> {
      ActorRef<Object> producer = ctx.spawn(PlainShapes.numbers(n), "producer");
      ctx.spawn(PlainShapes.counter(producer, max, max / 2, tally), "consumer");
    });
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long plainChain() {
    int n = events;
    Tally tally = new Tally(n);
    return plain(tally, ctx -> {
      ActorRef<Object> producer = ctx.spawn(PlainShapes.numbers(n), "producer");
      ActorRef<Object> addOne = ctx.spawn(PlainShapes.addOne(producer, 1000, 500), "add-one");
      ctx.spawn(PlainShapes.counter(addOne, 1000, 500, tally), "consumer");
    });
  }

  /** Returns the events all four consumers received (4 x events). */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long plainBroadcast4() {
    int n = events;
    Tally tally = new Tally(4L * n);
    return plain(tally, ctx -> {
      ActorRef<Object> producer = ctx.spawn(PlainShapes.broadcaster(n, 4), "producer");
      for (int i = 0; i < 4; i++) {
        ctx.spawn(PlainShapes.counter(producer, 1000, 500, tally), "consumer-" + i);
      }
    });
  }

  /** Returns the events both consumers received together (events). */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long plainPartition2() {
    int n = events;
    Tally tally = new Tally(n);
    return plain(tally, ctx -> {
      ActorRef<Object> producer = ctx.spawn(PlainShapes.partitioner(n), "producer");
      for (int i = 0; i < 2; i++) {
        ctx.spawn(PlainShapes.counter(producer, 1000, 500, tally), "consumer-" + i);
      }
    });
  }

  /** Returns the children that ran. */
  @Benchmark
  @OperationsPerInvocation(SupervisorBenchmark.CHILDREN)
  public long plainSupervisor() {
    int n = children;
    Tally tally = new Tally(n);
    return plain(tally, ctx -> {
      ActorRef<Object> producer = ctx.spawn(PlainShapes.numbers(n), "producer");
      ctx.spawn(PlainShapes.spawner(producer, 50, 25, tally), "supervisor");
    });
  }

  /** Spawns the actors {@code build} makes, waits for {@code tally}, stops them; returns the count. */
  private long plain(Tally tally, Consumer<ActorContext<Object>> build) {
    Spawned<Boolean> run = Spawned.spawn(system, ctx -> {
      build.accept(ctx);
      return true;
    });
    long count = tally.await();
    run.stop();
    return count;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long streamsFused() {
    return await(Source.range(1, events).runWith(CountingSink.counting(events), system));
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long streamsAsync() {
    return await(Source.range(1, events).async().runWith(CountingSink.counting(events), system));
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long streamsAsyncMap() {
    return await(Source.range(1, events).async()
        .map(x -> x + 1).async()
        .runWith(CountingSink.counting(events), system));
  }

  /** Returns the events all four consumers received (4 x events). */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long broadcastHub4() {
    int consumers = 4;
    // A BroadcastHub gives a consumer only what arrives after it attached, and Akka 2.6 has no
    // "start after n consumers": markers flow until every consumer has seen one, then the range.
    CountDownLatch attached = new CountDownLatch(consumers);
    Source<Integer, NotUsed> upstream = Source.repeat(CountingSink.MARKER)
        .takeWhile(marker -> attached.getCount() > 0)
        .concat(Source.range(1, events));
    Source<Integer, NotUsed> hub = upstream.runWith(BroadcastHub.of(Integer.class), system);
    List<CompletableFuture<Long>> counts = new ArrayList<>(consumers);
    for (int i = 0; i < consumers; i++) {
      counts.add(hub.runWith(CountingSink.counting(0, attached), system));
    }
    return sum(counts);
  }

  /** Returns the events both consumers received together (events). */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long partitionHub2() {
    int consumers = 2;
    Source<Integer, NotUsed> hub = Source.range(1, events)
        .runWith(PartitionHub.of(Integer.class, (size, e) -> Math.floorMod(e, size), consumers, 256), system);
    List<CompletableFuture<Long>> counts = new ArrayList<>(consumers);
    for (int i = 0; i < consumers; i++) {
      counts.add(hub.runWith(CountingSink.counting(0), system));
    }
    return sum(counts);
  }

  private static long sum(List<CompletableFuture<Long>> counts) {
    long total = 0;
    for (CompletableFuture<Long> c : counts) {
      total += await(c);
    }
    return total;
  }

  private static long await(CompletableFuture<Long> count) {
    return BenchSystem.await(count);
  }
}
