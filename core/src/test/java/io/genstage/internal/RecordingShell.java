package io.genstage.internal;

import akka.actor.testkit.typed.javadsl.TestInbox;
import akka.actor.typed.ActorRef;
import io.genstage.CancelReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  CancelReason stopReason;
  CancelReason stopWhenDrained;

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
    return LoggerFactory.getLogger(RecordingShell.class);
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

  @Override
  public void requestStop(CancelReason reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  @Override
  public void stopWhenDrained(CancelReason reason) {
    stopWhenDrained = reason;
  }

  @Override
  public boolean stopping() {
    return stopReason != null;
  }
}
