package io.genstage.examples;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.genstage.CancelReason;
import io.genstage.Delivery;
import io.genstage.GenStage;
import io.genstage.Producer;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.cluster.ProducerKey;
import io.genstage.cluster.StageDiscovery;
import io.genstage.supervisor.ChildSpec;
import io.genstage.supervisor.DynamicSupervisor;
import io.genstage.supervisor.Shutdown;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seed's worker pool, across a cluster: a producer of jobs on one JVM, and on each of two more
 * JVMs a DynamicSupervisor that starts a child per job, at most 50 at a time. The supervisors find
 * the producer by its {@link ProducerKey}; the second worker node joins while the first is busy,
 * and from then on the producer feeds both, without a restart. Each job stands for slow I/O (a
 * 10 ms timer), so a node adds capacity even on one machine. Each worker node prints how many jobs
 * it handled and at what rate; the launcher, which starts the other two JVMs on 127.0.0.1, relays
 * their lines.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.genstage.examples.ClusterWorkerPoolExample}.
 */
public final class ClusterWorkerPoolExample {
  // #region stages
  /** The service key the producer is registered under and the workers subscribe to. */
  static final ProducerKey<Integer> JOBS = ProducerKey.of("jobs");

  /** Emits jobs 0 .. count-1 as they are asked for, then drains and stops. */
  static final class Jobs extends Producer<Integer, Void> {
    private final int count;
    private final AtomicInteger emitted;

    Jobs(int count, AtomicInteger emitted) {
      this.count = count;
      this.emitted = emitted;
    }

    @Override
    protected List<Integer> handleDemand(long demand) {
      List<Integer> out = new ArrayList<>();
      while (out.size() < demand && emitted.get() < count) {
        out.add(emitted.getAndIncrement());
      }
      if (emitted.get() == count) {
        context().stopWhenDrained(CancelReason.NORMAL, Duration.ofSeconds(30));
      }
      return out;
    }
  }

  private enum Done { INSTANCE }

  /** One job: 10 ms of waiting stands for a call to a slow service; then it is counted. */
  static Behavior<Done> job(int job, AtomicInteger handled) {
    return Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Done.INSTANCE, Duration.ofMillis(10));
      return Behaviors.receive(Done.class).onMessage(Done.class, done -> {
        handled.incrementAndGet();
        return Behaviors.stopped();
      }).build();
    });
  }
  // #endregion stages

  private static final String SYSTEM = "ClusterWorkerPool";
  private static final int SLOTS = 50;

  /** A node of the example's cluster on 127.0.0.1, on a free port. */
  private static Config node() {
    return ConfigFactory.parseString("""
        akka.actor.provider = cluster
        akka.remote.artery.canonical.hostname = 127.0.0.1
        akka.remote.artery.canonical.port = 0
        akka.loglevel = WARNING
        akka.log-dead-letters = off
        akka.coordinated-shutdown.exit-jvm = off
        """).withFallback(ConfigFactory.load());
  }

  /**
   * The launcher: the producer of {@code jobs} in this JVM, two worker JVMs started on loopback,
   * the second once the first has taken its first job; every line they print is relayed to
   * {@code out}. Returns once both workers have exited.
   */
  public static void run(PrintStream out, int jobs) throws Exception {
    AtomicInteger emitted = new AtomicInteger();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      // #region producer
      var producer = Stages.producer(() -> new Jobs(jobs, emitted)).spawn(ctx, "jobs");
      StageDiscovery.register(ctx.getSystem(), JOBS, producer);
      // #endregion producer
      return Behaviors.empty();
    }), SYSTEM, node());
    try {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      String seed = cluster.selfMember().address().toString();
      CompletableFuture<Void> firstJob = new CompletableFuture<>();
      Process first = startWorker("worker-1", seed, out, firstJob);
      firstJob.get(60, TimeUnit.SECONDS);
      out.println("worker-2 starts when " + emitted.get() + " of " + jobs + " jobs have been handed out");
      Process second = startWorker("worker-2", seed, out, new CompletableFuture<>());
      for (Process worker : List.of(first, second)) {
        if (!worker.waitFor(120, TimeUnit.SECONDS)) {
          worker.destroyForcibly();
          throw new IllegalStateException("a worker JVM did not finish within 120 s");
        }
        if (worker.exitValue() != 0) {
          throw new IllegalStateException("a worker JVM exited with " + worker.exitValue());
        }
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** Starts a worker JVM on this one's classpath; relays its lines; completes {@code firstJob} on its first. */
  private static Process startWorker(String name, String seed, PrintStream out, CompletableFuture<Void> firstJob)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
        ClusterWorkerPoolExample.class.getName(), "worker", name, seed)
        .redirectErrorStream(true)
        .start();
    Thread relay = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith(name + " took its first job")) {
            firstJob.complete(null);
          }
          out.println(line);
        }
      } catch (Exception e) {
        out.println(name + ": " + e);
      }
    }, name + "-output");
    relay.setDaemon(true);
    relay.start();
    return process;
  }

  /** This JVM's classpath; under {@code exec:java} the example runs in a class loader of its own. */
  private static String classPath() {
    if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
      List<String> entries = new ArrayList<>();
      for (URL url : loader.getURLs()) {
        entries.add(new File(url.getPath()).getPath());
      }
      return String.join(File.pathSeparator, entries);
    }
    return System.getProperty("java.class.path");
  }

  /**
   * A worker node: joins the cluster at {@code seed}, subscribes a pool of up to 50 job children to
   * whatever producer is registered under {@link #JOBS}, and once that producer has ended and the
   * last child has finished, prints what it handled and returns.
   */
  static void worker(String name, String seed) throws Exception {
    AtomicInteger handled = new AtomicInteger();
    long[] firstJobAt = {0};
    var pool = new CompletableFuture<io.genstage.ConsumerRef<Integer, DynamicSupervisor.Command>>();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      // #region workers
      var supervisor = DynamicSupervisor.create(
              ChildSpec.of((Integer job) -> {
                if (firstJobAt[0] == 0) {
                  firstJobAt[0] = System.nanoTime();
                  System.out.println(name + " took its first job: " + job);
                }
                return job(job, handled);
              }).withShutdown(Shutdown.within(Duration.ofSeconds(5)))) // a job under way is let finish
          .spawn(ctx, "pool");
      // PERMANENT (the default): the producer's end is this worker's end. A job is acknowledged when
      // its child has ended: the jobs of a worker lost mid-run go to the other workers.
      StageDiscovery.subscribe(ctx.getSystem(), JOBS, supervisor, SubscribeOptions.defaults().withMaxDemand(SLOTS)
          .withDelivery(Delivery.AT_LEAST_ONCE_REDELIVERED).withExplicitAcknowledgement());
      // #endregion workers
      pool.complete(supervisor);
      return Behaviors.empty();
    }), SYSTEM, node());
    try {
      Cluster.get(system).manager().tell(Join.create(akka.actor.AddressFromURIString.parse(seed)));
      CancelReason end = GenStage.completion(system, pool.get(30, TimeUnit.SECONDS))
          .toCompletableFuture().get(120, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - firstJobAt[0]) / 1e9;
      System.out.printf("%s handled %d jobs in %.1f s: %.0f jobs/s (its producer ended: %s)%n",
          name, handled.get(), seconds, handled.get() / seconds, end);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("worker")) {
      worker(args[1], args[2]);
      System.exit(0);
    }
    run(System.out, args.length > 0 ? Integer.parseInt(args[0]) : 40_000);
  }
}
