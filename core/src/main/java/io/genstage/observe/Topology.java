package io.genstage.observe;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import io.genstage.StageKind;
import io.genstage.StageRef;
import io.genstage.internal.Asks;
import io.genstage.internal.Settings;
import io.genstage.protocol.StatsRequest;
import io.genstage.protocol.SubscriptionTag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The graph of running stages: each stage's {@link StageStats} and the subscriptions between them,
 * found by walking from a few stages along their subscriptions in both directions, and drawn as
 * Mermaid ({@link #toMermaid}) or Graphviz DOT ({@link #toDot}) text.
 *
 * <pre>{@code
 * Topology.walk(system, List.of(numbers)).thenAccept(t -> System.out.println(t.toDot()));
 * }</pre>
 *
 * <p>Nodes are drawn by kind (a producer as a box, a producer-consumer as a rounded box, a consumer
 * as an ellipse) with their buffered counts; each subscription is an arrow from producer to consumer
 * with its pending demand and the events that crossed it, red when the stall detector reported it.
 * A peer that did not answer a {@link io.genstage.protocol.StatsRequest} (an actor speaking the
 * protocol that is not a stage, or a stage that stopped) is drawn as plain text and listed in
 * {@link #unknown}; the Akka Streams bridges of {@code genstage-interop} answer as the stages they
 * stand for.
 */
public final class Topology {

  private final List<StageStats> stages;
  private final Set<ActorRef<?>> unknown;

  private Topology(List<StageStats> stages, Set<ActorRef<?>> unknown) {
    this.stages = List.copyOf(stages);
    this.unknown = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(unknown));
  }

  /**
   * The topology of the given snapshots: their peers that are not among them are {@link #unknown}.
   *
   * @param stages snapshots, in the order the picture lists them
   * @return the topology
   */
  public static Topology of(Collection<StageStats> stages) {
    Set<ActorRef<?>> known = new HashSet<>();
    for (StageStats s : stages) {
      known.add(s.stage());
    }
    Set<ActorRef<?>> unknown = new LinkedHashSet<>();
    for (StageStats s : stages) {
      for (SubscriptionStats sub : subscriptionsOf(s)) {
        if (!known.contains(sub.peer())) {
          unknown.add(sub.peer());
        }
      }
    }
    return new Topology(new ArrayList<>(stages), unknown);
  }

  /**
   * Walks from {@code roots} along every subscription, upstream and downstream, asking each stage
   * found for its {@link StageStats}, with {@code genstage.ask-timeout} for each answer.
   *
   * @param system the actor system to ask from
   * @param roots where the walk starts: any stages of the pipeline
   * @return the topology, once every stage found answered or timed out
   */
  public static CompletionStage<Topology> walk(ActorSystem<?> system, Collection<? extends StageRef<?>> roots) {
    return walk(system, roots, Settings.get(system).askTimeout);
  }

  /**
   * As {@link #walk(ActorSystem, Collection)}, waiting at most {@code timeout} for each stage's
   * answer: a peer that does not answer in time is drawn as not a stage.
   *
   * @param system the actor system to ask from
   * @param roots where the walk starts
   * @param timeout how long to wait for each answer
   * @return the topology
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  public static CompletionStage<Topology> walk(ActorSystem<?> system, Collection<? extends StageRef<?>> roots,
      Duration timeout) {
    Objects.requireNonNull(system, "system");
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, got: " + timeout);
    }
    List<ActorRef<?>> start = new ArrayList<>();
    for (StageRef<?> root : roots) {
      start.add(Objects.requireNonNull(root, "roots must not hold null").actor());
    }
    return new Walk(system, timeout).from(start, false);
  }

  /**
   * The stages found.
   *
   * @return their snapshots, in the order they were found (the roots first)
   */
  public List<StageStats> stages() {
    return stages;
  }

  /**
   * Peers of the stages that did not answer.
   *
   * @return actors that are not stages, or stages that stopped, in the order they were met
   */
  public Set<ActorRef<?>> unknown() {
    return unknown;
  }

  /**
   * The picture as Graphviz DOT text, left to right.
   *
   * @return a {@code digraph}, which {@code dot -Tsvg} renders
   */
  public String toDot() {
    return new Picture(this).dot();
  }

  /**
   * The picture as a Mermaid flowchart, left to right.
   *
   * @return a {@code flowchart}, which Markdown viewers such as GitHub's render in a mermaid block
   */
  public String toMermaid() {
    return new Picture(this).mermaid();
  }

  static List<SubscriptionStats> subscriptionsOf(StageStats s) {
    List<SubscriptionStats> all = new ArrayList<>(s.producers());
    all.addAll(s.consumers());
    return all;
  }

  /** One breadth-first walk: each round asks every stage found in the round before, at once. */
  private static final class Walk {
    private final ActorSystem<?> system;
    private final Duration timeout;
    private final Map<ActorRef<?>, StageStats> found = new LinkedHashMap<>();
    private final Set<ActorRef<?>> asked = new HashSet<>();
    private final Set<ActorRef<?>> unknown = new LinkedHashSet<>();

    Walk(ActorSystem<?> system, Duration timeout) {
      this.system = system;
      this.timeout = timeout;
    }

    /** Asks the stages of one round: the roots in their order, the peers found after them by path. */
    CompletionStage<Topology> from(List<ActorRef<?>> round, boolean sorted) {
      List<ActorRef<?>> fresh = new ArrayList<>();
      for (ActorRef<?> ref : round) {
        if (asked.add(ref)) {
          fresh.add(ref);
        }
      }
      if (sorted) {
        // Peers are listed in the order their subscriptions arrived: by path, the picture is the same each time.
        fresh.sort(java.util.Comparator.comparing(ref -> ref.path().toString()));
      }
      if (fresh.isEmpty()) {
        return CompletableFuture.completedFuture(new Topology(new ArrayList<>(found.values()), unknown));
      }
      List<CompletableFuture<StageStats>> answers = new ArrayList<>();
      for (ActorRef<?> ref : fresh) {
        CompletionStage<StageStats> answer =
            Asks.ask(system, ref, "Topology.walk", timeout, StatsRequest::new);
        answers.add(answer.toCompletableFuture().exceptionally(e -> null));
      }
      return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).thenCompose(done -> {
        List<ActorRef<?>> next = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
          StageStats s = answers.get(i).join();
          if (s == null) {
            unknown.add(fresh.get(i));
            continue;
          }
          found.put(fresh.get(i), s);
          for (SubscriptionStats sub : subscriptionsOf(s)) {
            next.add(sub.peer());
          }
        }
        return from(next, true);
      });
    }
  }

  /** The text of one picture: node ids n1, n2, ... in the order of the stages, then the unknown peers. */
  private static final class Picture {
    private final Topology topology;
    private final Map<ActorRef<?>, String> ids = new LinkedHashMap<>();

    Picture(Topology topology) {
      this.topology = topology;
      for (StageStats s : topology.stages) {
        ids.put(s.stage(), "n" + (ids.size() + 1));
      }
      for (ActorRef<?> ref : topology.unknown) {
        ids.putIfAbsent(ref, "n" + (ids.size() + 1));
      }
    }

    String dot() {
      StringBuilder out = new StringBuilder("digraph genstage {\n")
          .append("  rankdir=LR;\n")
          .append("  node [fontname=\"Helvetica\", fontsize=11];\n")
          .append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
      for (StageStats s : topology.stages) {
        String shape = switch (s.kind()) {
          case PRODUCER -> "shape=box";
          case PRODUCER_CONSUMER -> "shape=box, style=rounded";
          case CONSUMER -> "shape=ellipse";
        };
        out.append("  ").append(ids.get(s.stage())).append(" [label=\"").append(String.join("\\n", nodeLines(s)))
            .append("\", ").append(shape).append("];\n");
      }
      for (ActorRef<?> ref : topology.unknown) {
        out.append("  ").append(ids.get(ref)).append(" [label=\"").append(escape(ref.path().name()))
            .append("\\nnot a stage\", shape=plaintext];\n");
      }
      for (Edge e : edges()) {
        out.append("  ").append(ids.get(e.producer)).append(" -> ").append(ids.get(e.consumer))
            .append(" [label=\"").append(String.join("\\n", e.lines())).append('"')
            .append(e.sub.stalled() ? ", color=red, fontcolor=red" : "").append("];\n");
      }
      return out.append("}\n").toString();
    }

    String mermaid() {
      StringBuilder out = new StringBuilder("flowchart LR\n");
      for (StageStats s : topology.stages) {
        String label = '"' + String.join("<br/>", nodeLines(s)) + '"';
        String node = switch (s.kind()) {
          case PRODUCER -> "[" + label + "]";
          case PRODUCER_CONSUMER -> "(" + label + ")";
          case CONSUMER -> "([" + label + "])";
        };
        out.append("  ").append(ids.get(s.stage())).append(node).append('\n');
      }
      for (ActorRef<?> ref : topology.unknown) {
        out.append("  ").append(ids.get(ref)).append("{{\"").append(escape(ref.path().name()))
            .append("<br/>not a stage\"}}\n");
      }
      List<Edge> edges = edges();
      List<Integer> stalled = new ArrayList<>();
      for (int i = 0; i < edges.size(); i++) {
        Edge e = edges.get(i);
        out.append("  ").append(ids.get(e.producer)).append(" -->|\"").append(String.join("<br/>", e.lines()))
            .append("\"| ").append(ids.get(e.consumer)).append('\n');
        if (e.sub.stalled()) {
          stalled.add(i);
        }
      }
      for (int i : stalled) {
        out.append("  linkStyle ").append(i).append(" stroke:red\n");
      }
      return out.toString();
    }

    private static List<String> nodeLines(StageStats s) {
      List<String> lines = new ArrayList<>();
      lines.add(escape(s.stage().path().name()));
      lines.add(switch (s.kind()) {
        case PRODUCER -> "producer";
        case PRODUCER_CONSUMER -> "producer-consumer";
        case CONSUMER -> "consumer";
      });
      if (s.kind() != StageKind.CONSUMER) {
        // An unbounded buffer (a producer-consumer's default) has no size worth drawing.
        lines.add("buffered " + s.buffered() + (s.bufferSize() == io.genstage.ProducerOptions.UNBOUNDED ? "" : " of " + s.bufferSize()));
      }
      if (s.queuedInput() > 0) {
        lines.add("queued input " + s.queuedInput());
      }
      if (s.discarded() > 0) {
        lines.add("discarded " + s.discarded());
      }
      return lines;
    }

    /**
     * One arrow per subscription, from its consumer's side when the consumer answered (its demand
     * is what it still waits for), else from the producer's; by producer, then consumer.
     */
    private List<Edge> edges() {
      List<Edge> edges = new ArrayList<>();
      Set<SubscriptionTag> drawn = new HashSet<>();
      for (StageStats s : topology.stages) {
        for (SubscriptionStats sub : s.producers()) {
          if (drawn.add(sub.tag())) {
            edges.add(new Edge(sub.peer(), s.stage(), sub));
          }
        }
      }
      for (StageStats s : topology.stages) {
        for (SubscriptionStats sub : s.consumers()) {
          if (drawn.add(sub.tag())) {
            edges.add(new Edge(s.stage(), sub.peer(), sub));
          }
        }
      }
      edges.sort(java.util.Comparator.comparingInt((Edge e) -> number(e.producer)).thenComparingInt(e -> number(e.consumer)));
      return edges;
    }

    private int number(ActorRef<?> ref) {
      return Integer.parseInt(ids.get(ref).substring(1));
    }

    private static String escape(String text) {
      return text.replace("\\", "\\\\").replace("\"", "'");
    }
  }

  private record Edge(ActorRef<?> producer, ActorRef<?> consumer, SubscriptionStats sub) {
    List<String> lines() {
      List<String> lines = new ArrayList<>();
      lines.add("demand " + sub.pendingDemand());
      lines.add(sub.events() + " events");
      if (sub.stalled()) {
        lines.add("stalled");
      }
      return lines;
    }
  }
}
