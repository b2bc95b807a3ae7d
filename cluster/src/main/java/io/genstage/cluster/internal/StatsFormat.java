package io.genstage.cluster.internal;

import akka.actor.typed.ActorRefResolver;
import io.genstage.AskMode;
import io.genstage.CancelMode;
import io.genstage.StageKind;
import io.genstage.internal.InternalApi;
import io.genstage.observe.StageStats;
import io.genstage.observe.SubscriptionStats;
import io.genstage.protocol.SubscriptionTag;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * INTERNAL API. The wire form of a {@link StageStats}, the answer to {@code GenStage.stats} and
 * {@code Topology.walk} from a stage on another node; {@link ProtocolSerializer} writes it.
 */
@InternalApi
final class StatsFormat {
  private StatsFormat() {}

  static void write(StageStats s, DataOutputStream out, ActorRefResolver refs) throws IOException {
    out.writeUTF(refs.toSerializationFormat(s.stage()));
    out.writeUTF(s.name());
    out.writeByte(s.kind().ordinal());
    writeSubscriptions(s.producers(), out, refs);
    writeSubscriptions(s.consumers(), out, refs);
    out.writeInt(s.bufferSize());
    out.writeInt(s.buffered());
    out.writeInt(s.bufferHighWaterMark());
    out.writeLong(s.discarded());
    out.writeInt(s.queuedInput());
    out.writeLong(s.eventsIn());
    out.writeLong(s.eventsOut());
    writeInstant(s.lastEventIn(), out);
    writeInstant(s.lastEventOut(), out);
  }

  static StageStats read(DataInputStream in, ActorRefResolver refs) throws IOException {
    return new StageStats(refs.resolveActorRef(in.readUTF()), in.readUTF(), StageKind.values()[in.readByte()],
        readSubscriptions(in, refs), readSubscriptions(in, refs), in.readInt(), in.readInt(), in.readInt(),
        in.readLong(), in.readInt(), in.readLong(), in.readLong(), readInstant(in), readInstant(in));
  }

  private static void writeSubscriptions(List<SubscriptionStats> subs, DataOutputStream out, ActorRefResolver refs)
      throws IOException {
    out.writeInt(subs.size());
    for (SubscriptionStats s : subs) {
      out.writeLong(s.tag().id().getMostSignificantBits());
      out.writeLong(s.tag().id().getLeastSignificantBits());
      out.writeUTF(refs.toSerializationFormat(s.peer()));
      out.writeLong(s.pendingDemand());
      out.writeInt(s.minDemand());
      out.writeInt(s.maxDemand());
      out.writeByte(s.askMode() == null ? -1 : s.askMode().ordinal());
      out.writeByte(s.cancelMode().ordinal());
      out.writeLong(s.events());
      writeInstant(s.lastEvent(), out);
      out.writeBoolean(s.stalled());
    }
  }

  private static List<SubscriptionStats> readSubscriptions(DataInputStream in, ActorRefResolver refs)
      throws IOException {
    int count = in.readInt();
    List<SubscriptionStats> subs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SubscriptionTag tag = new SubscriptionTag(new UUID(in.readLong(), in.readLong()));
      subs.add(new SubscriptionStats(tag, refs.resolveActorRef(in.readUTF()), in.readLong(), in.readInt(),
          in.readInt(), askMode(in.readByte()), CancelMode.values()[in.readByte()], in.readLong(), readInstant(in),
          in.readBoolean()));
    }
    return List.copyOf(subs);
  }

  private static AskMode askMode(int ordinal) {
    return ordinal < 0 ? null : AskMode.values()[ordinal];
  }

  private static void writeInstant(Instant at, DataOutputStream out) throws IOException {
    out.writeLong(at == null ? Long.MIN_VALUE : at.toEpochMilli());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    long millis = in.readLong();
    return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
  }
}
