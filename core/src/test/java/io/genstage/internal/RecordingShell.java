package io.genstage.internal;

import akka.actor.testkit.typed.javadsl.TestInbox;
import akka.actor.typed.ActorRef;
import io.genstage.CancelReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StageShell} without an actor: it records what a half sends, tells itself, watches and
 * asks to stop, and applies a callback's events the way the stage actor does (to the output half,
 * when there is one). Refs come from {@link TestInbox}, which needs no actor system.
 */
final class RecordingShell implements StageShell {

  /** One message a half sent to a peer. */
  record Sent(ActorRef<?> to, Object message) {}

  private final ActorRef<Object> self = TestInbox.<Object>create("stage").getRef();
  final List<Sent> sent = new ArrayList<>();
  final List<Object> toSelf = new ArrayList<>();
  final Map<ActorRef<?>, Integer> watched = new HashMap<>();
  final List<List<Object>> emittedWithoutOutput = new ArrayList<>();
  ProducerHalf output;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final ch.qos.logback.classic.Logger log;
  CancelReason stopWhenDrained;
  boolean draining;

  RecordingShell() {
    // A logger of its own per shell, so that a test sees only its own half's lines.
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    log = context.getLogger(RecordingShell.class.getName() + "." + System.identityHashCode(this));
    logged.start();
    log.addAppender(logged);
  }

  /** The formatted lines logged at {@code level} so far. */
  List<String> logged(ch.qos.logback.classic.Level level) {
    return logged.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** A fresh ref for a peer stage. */
  static <T> ActorRef<T> peer(String name) {
    return TestInbox.<T>create(name).getRef();
  }

  /** Messages sent so far, oldest first, then forgets them. */
  List<Object> takeSent() {
    List<Object> out = new ArrayList<>();
    for (Sent s : sent) {
      out.add(s.message());
    }
    sent.clear();
    return out;
  }

  @Override
  public ActorRef<Object> self() {
    return self;
  }

  @Override
  public String name() {
    return "stage";
  }

  @Override
  public Logger log() {
    return log;
  }

  @Override
  public <T> void send(ActorRef<T> to, T message) {
    sent.add(new Sent(to, message));
  }

  @Override
  public void tellSelf(Object message) {
    toSelf.add(message);
  }

  @Override
  public void emit(List<Object> events) {
    if (events.isEmpty()) {
      return;
    }
    if (output != null) {
      output.dispatch(events);
    } else {
      emittedWithoutOutput.add(events);
    }
  }

  @Override
  public void watchPeer(ActorRef<?> peer) {
    watched.merge(peer, 1, Integer::sum);
  }

  @Override
  public void unwatchPeer(ActorRef<?> peer) {
    watched.computeIfPresent(peer, (p, n) -> n == 1 ? null : n - 1);
  }

  /** Every stop a half asked for, in order: the stage actor keeps the first. */
  final List<CancelReason> stopRequests = new ArrayList<>();

  @Override
  public void requestStop(CancelReason reason) {
    stopRequests.add(reason);
  }

  /** The reason the stage would stop with, or null. */
  CancelReason stopReason() {
    return stopRequests.isEmpty() ? null : stopRequests.get(0);
  }

  @Override
  public void stopWhenOutputDrained(CancelReason reason) {
    stopWhenDrained = reason;
  }

  @Override
  public boolean draining() {
    return draining;
  }

  /** Peers the halves treat as being on another node. */
  final java.util.Set<ActorRef<?>> acrossNodes = new java.util.HashSet<>();
  /** Whether the input asked to be checked every re-ask interval. */
  boolean checkingAcrossNodes;

  @Override
  public boolean acrossNodes(ActorRef<?> peer) {
    return acrossNodes.contains(peer);
  }

  Settings settings = new Settings(com.typesafe.config.ConfigFactory.load());

  @Override
  public long nowMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public Settings settings() {
    return settings;
  }

  @Override
  public void checkAcrossNodes(boolean on) {
    checkingAcrossNodes = on;
  }

  @Override
  public String unsendable(ActorRef<?> peer, List<Object> events) {
    return null; // the halves' tests run on one node
  }

  @Override
  public boolean stopping() {
    return !stopRequests.isEmpty();
  }
}
