package io.genstage.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * INTERNAL API. The stages' Java Flight Recorder events, named {@code io.genstage.*} and listed in
 * docs/observability.md. Each is committed only while a recording enables it: otherwise the check
 * costs one branch, and the JIT removes the unused event object.
 */
@InternalApi
public final class JfrEvents {
  private JfrEvents() {}

  /** A consumer subscribed to a producer. */
  @Name("io.genstage.Subscribe")
  @Label("Subscribe")
  @Category("GenStage")
  @Description("A consumer stage subscribed to a producer")
  @StackTrace(false)
  public static final class Subscribe extends Event {
    @Label("Consumer") public String consumer;
    @Label("Producer") public String producer;
    @Label("Tag") public String tag;
    @Label("Max Demand") public int maxDemand;
    @Label("Min Demand") public int minDemand;
  }

  /** A subscription ended, as one of its two stages saw it. */
  @Name("io.genstage.Cancel")
  @Label("Cancel")
  @Category("GenStage")
  @Description("A subscription ended (cancelled, or its peer went down), as one of its stages saw it")
  @StackTrace(false)
  public static final class Cancel extends Event {
    @Label("Stage") public String stage;
    @Label("Peer") public String peer;
    @Label("Tag") public String tag;
    @Label("Down") @Description("The peer terminated, or its node was lost") public boolean down;
    @Label("Reason") public String reason;
  }

  /** A full output buffer discarded events. */
  @Name("io.genstage.BufferDiscard")
  @Label("Buffer Discard")
  @Category("GenStage")
  @Description("A producer's full output buffer discarded events")
  @StackTrace(false)
  public static final class BufferDiscard extends Event {
    @Label("Stage") public String stage;
    @Label("Discarded") public int discarded;
    @Label("Buffer Size") public int bufferSize;
    @Label("Discarded In All") public long discardedTotal;
  }

  /** The stall detector found a subscription or a producer that has not moved. */
  @Name("io.genstage.Stall")
  @Label("Stall")
  @Category("GenStage")
  @Description("Demand outstanding and no events, or events held and no demand, for the stall-detection time")
  @StackTrace(false)
  public static final class Stall extends Event {
    @Label("Stage") public String stage;
    @Label("Peer") @Description("The producer waited for; for a producer holding events, its consumers") public String peer;
    @Label("Pending Demand") public long pendingDemand;
    @Label("Held Events") public long heldEvents;
    @Label("Stalled For") @Timespan(Timespan.MILLISECONDS) public long stalledFor;
  }

  /** A stage ended with an abnormal reason. */
  @Name("io.genstage.StageFailure")
  @Label("Stage Failure")
  @Category("GenStage")
  @Description("A stage ended with an abnormal reason: a failure, or terminated without one")
  @StackTrace(false)
  public static final class StageFailure extends Event {
    @Label("Stage") public String stage;
    @Label("Kind") public String kind;
    @Label("Reason") public String reason;
  }

  static void subscribe(String consumer, Object producer, Object tag, int maxDemand, int minDemand) {
    Subscribe e = new Subscribe();
    if (e.isEnabled()) {
      e.consumer = consumer;
      e.producer = String.valueOf(producer);
      e.tag = String.valueOf(tag);
      e.maxDemand = maxDemand;
      e.minDemand = minDemand;
      e.commit();
    }
  }

  static void cancel(String stage, Object peer, Object tag, boolean down, Object reason) {
    Cancel e = new Cancel();
    if (e.isEnabled()) {
      e.stage = stage;
      e.peer = String.valueOf(peer);
      e.tag = String.valueOf(tag);
      e.down = down;
      e.reason = String.valueOf(reason);
      e.commit();
    }
  }

  static void bufferDiscard(String stage, int discarded, int bufferSize, long discardedTotal) {
    BufferDiscard e = new BufferDiscard();
    if (e.isEnabled()) {
      e.stage = stage;
      e.discarded = discarded;
      e.bufferSize = bufferSize;
      e.discardedTotal = discardedTotal;
      e.commit();
    }
  }

  static void stall(String stage, String peer, long pendingDemand, long heldEvents, long stalledForMillis) {
    Stall e = new Stall();
    if (e.isEnabled()) {
      e.stage = stage;
      e.peer = peer;
      e.pendingDemand = pendingDemand;
      e.heldEvents = heldEvents;
      e.stalledFor = stalledForMillis;
      e.commit();
    }
  }

  static void stageFailure(String stage, Object kind, Object reason) {
    StageFailure e = new StageFailure();
    if (e.isEnabled()) {
      e.stage = stage;
      e.kind = String.valueOf(kind);
      e.reason = String.valueOf(reason);
      e.commit();
    }
  }
}
