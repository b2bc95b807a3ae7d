package io.genstage.internal;

import io.genstage.Cancellation;
import java.util.ArrayDeque;
import java.util.List;

/**
 * INTERNAL API. A producer-consumer's input queue: upstream batches wait here until its output has
 * demand ({@link #release}), so that no ask leaves upstream while its consumers want nothing. An
 * info or a cancel that arrives behind queued batches waits its turn. Each entry goes back to the
 * {@link ConsumerHalf} through {@link Turns} when its turn comes.
 */
@InternalApi
final class GatedInput {

  /** What the queue hands back, in arrival order. */
  interface Turns {
    void events(ProducerSub from, long skipped, List<Object> events);

    void info(Object info);

    void cancel(ProducerSub from, Cancellation cancellation);

    /** The stage is stopping: nothing more is handed back. */
    boolean stopping();
  }

  // Skipped events were lost on their way and count as consumed.
  private record PendingEvents(ProducerSub from, long skipped, List<Object> events) {}

  private record PendingInfo(Object info) {}

  private record PendingCancel(ProducerSub from, Cancellation cancellation) {}

  private final Turns turns;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private long downstreamDemand; // asked by the output's consumers and not yet emitted
  private boolean draining;

  GatedInput(Turns turns) {
    this.turns = turns;
  }

  void events(ProducerSub from, long skipped, List<Object> events) {
    queue.addLast(new PendingEvents(from, skipped, events));
    drain();
  }

  /** Queues {@code info} behind waiting batches; false if nothing waits, and it should go out now. */
  boolean queueInfo(Object info) {
    return queueBehind(new PendingInfo(info));
  }

  /** Queues the end of {@code from} behind its waiting batches; false if nothing waits. */
  boolean queueCancel(ProducerSub from, Cancellation cancellation) {
    return queueBehind(new PendingCancel(from, cancellation));
  }

  private boolean queueBehind(Object entry) {
    if (queue.isEmpty()) {
      return false;
    }
    queue.addLast(entry);
    return true;
  }

  /** The output's consumers asked for {@code demand} more than its buffer held. */
  void release(long demand) {
    downstreamDemand = Demands.add(downstreamDemand, demand);
    drain();
  }

  /** The output emitted {@code count} events against the demand released so far. */
  void dispatched(int count) {
    downstreamDemand = Math.max(0, downstreamDemand - count);
  }

  /** Events queued and not yet handled. */
  int queuedEventCount() {
    int count = 0;
    for (Object entry : queue) {
      if (entry instanceof PendingEvents pe) {
        count += pe.events().size();
      }
    }
    return count;
  }

  /** Hands back queued entries while the output has demand; re-entrant calls return at once. */
  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (!queue.isEmpty() && !turns.stopping()) {
        Object head = queue.peekFirst();
        if (head instanceof PendingEvents pe) {
          if (downstreamDemand <= 0) {
            return;
          }
          queue.pollFirst();
          turns.events(pe.from(), pe.skipped(), pe.events());
        } else if (head instanceof PendingInfo pi) {
          queue.pollFirst();
          turns.info(pi.info());
        } else if (head instanceof PendingCancel pc) {
          queue.pollFirst();
          turns.cancel(pc.from(), pc.cancellation());
        }
      }
    } finally {
      draining = false;
    }
  }
}
