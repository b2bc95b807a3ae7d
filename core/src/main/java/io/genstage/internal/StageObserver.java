package io.genstage.internal;

import akka.pattern.StatusReply;
import io.genstage.CancelReason;
import io.genstage.DemandMode;
import io.genstage.StageKind;
import io.genstage.observe.StageStats;
import io.genstage.observe.SubscriptionStats;
import io.genstage.protocol.StatsRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * INTERNAL API. What a stage tells of itself: its answers to questions about itself (its
 * {@link StageStats} snapshot, read from the counters its halves keep per batch; its buffered count
 * and demand mode); the stall detector, run every {@code genstage.stall-detection.after} while it
 * is on; and the warning for events discarded at the end. It only reads the halves: it answers and
 * logs, and never changes a subscription.
 */
@InternalApi
final class StageObserver {

  /** The stall detector's tick, told to the stage every {@code genstage.stall-detection.after}. */
  enum CheckStalls { INSTANCE }

  /** The counts of a half's subscriptions that have ended, so that totals include them. */
  static final class Ended {
    long events;
    long lastMillis;

    void add(long eventsOnIt, long lastMillisOnIt) {
      events += eventsOnIt;
      lastMillis = Math.max(lastMillis, lastMillisOnIt);
    }
  }

  private final StageShell shell;
  private final StageKind kind;
  private final ProducerHalf output; // null for a consumer
  private final ConsumerHalf input; // null for a producer
  // The output's state at the last stall check: events held, and sent so far.
  private boolean heldAtCheck;
  private long outAtCheck = -1;
  private boolean outputStalled;

  StageObserver(StageShell shell, StageKind kind, ProducerHalf output, ConsumerHalf input) {
    this.shell = shell;
    this.kind = kind;
    this.output = output;
    this.input = input;
  }

  /** Answers a question about the stage: its stats, its buffered count or its demand mode. */
  void answer(Object question) {
    if (question instanceof StatsRequest g) {
      g.replyTo().tell(StatusReply.success(stats()));
    } else if (question instanceof StageCommand.GetDemandMode g) {
      g.replyTo().tell(StatusReply.success(output == null ? DemandMode.FORWARD : output.demandMode()));
    } else if (question instanceof StageCommand.GetBufferedCount g) {
      if (output == null) {
        shell.log().error("Buffered count can only be requested for producers, stage [{}] is a consumer", shell.name());
      }
      g.replyTo().tell(StatusReply.success(output == null ? 0 : output.bufferedCount()));
    }
  }

  StageStats stats() {
    List<SubscriptionStats> producers = new ArrayList<>();
    long in = 0;
    long lastIn = 0;
    if (input != null) {
      in = input.ended.events;
      lastIn = input.ended.lastMillis;
      for (ProducerSub s : input.subscriptions()) {
        producers.add(new SubscriptionStats(s.tag, s.producer, s.demand, s.min, s.max, s.askMode, s.cancelMode,
            s.eventsIn, instant(s.lastInMillis), s.stalled));
        in += s.eventsIn;
        lastIn = Math.max(lastIn, s.lastInMillis);
      }
    }
    List<SubscriptionStats> consumers = new ArrayList<>();
    long lastOut = 0;
    if (output != null) {
      lastOut = output.ended.lastMillis;
      for (ConsumerSub c : output.subscriptions()) {
        int min = c.remote ? c.options.minDemandAcrossNodes() : c.options.minDemand();
        int max = c.remote ? c.options.maxDemandAcrossNodes() : c.options.maxDemand();
        consumers.add(new SubscriptionStats(c.tag, c.consumer, pendingDemand(c), min, max, null, c.options.cancel(),
            c.eventsOut, instant(c.lastOutMillis), false));
        lastOut = Math.max(lastOut, c.lastOutMillis);
      }
    }
    return new StageStats(shell.self(), shell.name(), kind, List.copyOf(producers), List.copyOf(consumers),
        output == null ? 0 : output.bufferSize(),
        output == null ? 0 : output.undispatchedCount(),
        output == null ? 0 : output.bufferHighWaterMark(),
        output == null ? 0 : output.discarded(),
        input == null ? 0 : input.queuedEventCount(),
        in, output == null ? 0 : eventsOut(), instant(lastIn), instant(lastOut));
  }

  /**
   * One tick of the stall detector. A subscription that has had demand outstanding since the last
   * tick and received nothing, or an output that has held events since the last tick and sent
   * nothing, has stalled for at least {@code after}: it is reported once, and again only after it
   * has moved.
   */
  void checkStalls(Duration after) {
    if (input != null) {
      for (ProducerSub s : input.subscriptions()) {
        boolean waiting = s.demand > 0;
        if (waiting && s.waitingAtStallCheck && s.eventsIn == s.inAtStallCheck) {
          if (!s.stalled) {
            s.stalled = true;
            shell.log().warn("Stage [{}] has had [{}] events of demand outstanding for at least [{} ms] and received none"
                    + " from producer [{}] (subscription [{}], max demand [{}], min demand [{}], [{}] events received on it)",
                shell.name(), s.demand, after.toMillis(), s.producer, s.tag, s.max, s.min, s.eventsIn);
            JfrEvents.stall(shell.name(), s.producer.path().toString(), s.demand, 0, after.toMillis());
          }
        } else {
          s.stalled = false;
        }
        s.waitingAtStallCheck = waiting;
        s.inAtStallCheck = s.eventsIn;
      }
    }
    if (output != null) {
      int held = output.undispatchedCount() + (input == null ? 0 : input.queuedEventCount());
      long out = eventsOut();
      if (held > 0 && heldAtCheck && out == outAtCheck) {
        if (!outputStalled) {
          outputStalled = true;
          reportHeld(held, after);
        }
      } else {
        outputStalled = false;
      }
      heldAtCheck = held > 0;
      outAtCheck = out;
    }
  }

  private void reportHeld(int held, Duration after) {
    StringJoiner consumers = new StringJoiner(", ", "[", "]");
    long pending = 0;
    for (ConsumerSub c : output.subscriptions()) {
      consumers.add(c.consumer.path() + " with demand " + pendingDemand(c));
      pending += pendingDemand(c);
    }
    shell.log().warn("Stage [{}] has held [{}] events for at least [{} ms] and sent none: its consumers {} have not asked"
            + " for them ([{}] buffered, [{}] of queued input)",
        shell.name(), held, after.toMillis(), consumers, output.undispatchedCount(),
        input == null ? 0 : input.queuedEventCount());
    JfrEvents.stall(shell.name(), consumers.toString(), pending, held, after.toMillis());
  }

  /** Nothing is lost silently: what the stage held beyond its consumers' demand is counted. */
  void warnOfDiscarded(CancelReason reason) {
    int buffered = output == null ? 0 : output.undispatchedCount();
    int queued = input == null ? 0 : input.queuedEventCount();
    if (buffered + queued > 0) {
      shell.log().warn(
          "Stage [{}] stopped with reason [{}] and discarded [{}] events it had not dispatched ([{}] buffered, [{}] of queued input)",
          shell.name(), reason, buffered + queued, buffered, queued);
    }
  }

  /** Events the output has sent, on every subscription it has had. */
  private long eventsOut() {
    long out = output.ended.events;
    for (ConsumerSub c : output.subscriptions()) {
      out += c.eventsOut;
    }
    return out;
  }

  private static long pendingDemand(ConsumerSub c) {
    return Math.max(0, c.asked - c.eventsOut);
  }

  private static Instant instant(long millis) {
    return millis == 0 ? null : Instant.ofEpochMilli(millis); // 0: no batch yet
  }
}
