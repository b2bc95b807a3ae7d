package io.genstage.cluster.internal;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.SerializerWithStringManifest;
import io.genstage.CallFrom;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.Delivery;
import io.genstage.DemandMode;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.cluster.RemoteFailureException;
import io.genstage.internal.StageCommand;
import io.genstage.observe.StageStats;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.StatsRequest;
import io.genstage.protocol.SubscriptionTag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * INTERNAL API. The serializer bound to {@code io.genstage.protocol.WireMessage} by this module's
 * {@code reference.conf}: the library's messages in a compact binary form of its own, and every
 * value of the application's inside them (events, calls, infos, partitions, custom reasons) written
 * by the serializer Akka's serialization finds for it, so that users bind their types the ordinary
 * Akka way. A failure travels as its class name and message, never as the live exception. The
 * application's values are {@link ApplicationValues}' concern.
 */
public final class ProtocolSerializer extends SerializerWithStringManifest {
  /** The serializer's id, unique among Akka serializers (Akka reserves 0 to 40). */
  public static final int IDENTIFIER = 1_750_541;

  private static final String SUBSCRIBE = "S";
  private static final String ASK = "A";
  private static final String CANCEL = "C";
  private static final String EVENTS = "E";
  private static final String CANCELLED = "D";
  private static final String ASK_UP_TO = "AU";
  private static final String NUMBERED_EVENTS = "NE";
  private static final String CANCEL_UPSTREAM = "CU";
  private static final String SUBSCRIPTION = "U";
  private static final String DEMAND_MODE = "M";
  private static final String SUBSCRIBE_REQUEST = "SR";
  private static final String CALL = "CL";
  private static final String INFO_REQUEST = "IR";
  private static final String GET_DEMAND_MODE = "GM";
  private static final String SET_DEMAND_MODE = "SM";
  private static final String GET_BUFFERED_COUNT = "GB";
  private static final String STOP = "ST";
  private static final String DRAIN = "DR";
  private static final String WATCH_COMPLETION = "WC";
  private static final String STAGE_ENDED = "SE";
  private static final String GET_STATS = "GS";
  private static final String STAGE_STATS = "SS";

  private final ExtendedActorSystem system;
  private volatile ActorRefResolver resolver;
  private final ApplicationValues values;

  public ProtocolSerializer(ExtendedActorSystem system) {
    this.system = system;
    this.values = new ApplicationValues(system);
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof ProducerMessage.Subscribe<?>) return SUBSCRIBE;
    if (o instanceof ProducerMessage.Ask<?>) return ASK;
    if (o instanceof ProducerMessage.Cancel<?>) return CANCEL;
    if (o instanceof ConsumerMessage.Events<?>) return EVENTS;
    if (o instanceof ConsumerMessage.Cancelled<?>) return CANCELLED;
    if (o instanceof ProducerMessage.AskUpTo<?>) return ASK_UP_TO;
    if (o instanceof ConsumerMessage.NumberedEvents<?>) return NUMBERED_EVENTS;
    if (o instanceof StageCommand.CancelUpstream) return CANCEL_UPSTREAM;
    if (o instanceof Subscription) return SUBSCRIPTION;
    if (o instanceof DemandMode) return DEMAND_MODE;
    if (o instanceof StageCommand.SubscribeRequest) return SUBSCRIBE_REQUEST;
    if (o instanceof StageCommand.Call) return CALL;
    if (o instanceof StageCommand.InfoRequest) return INFO_REQUEST;
    if (o instanceof StageCommand.GetDemandMode) return GET_DEMAND_MODE;
    if (o instanceof StageCommand.SetDemandMode) return SET_DEMAND_MODE;
    if (o instanceof StageCommand.GetBufferedCount) return GET_BUFFERED_COUNT;
    if (o instanceof StageCommand.Stop) return STOP;
    if (o instanceof StageCommand.Drain) return DRAIN;
    if (o instanceof StageCommand.WatchCompletion) return WATCH_COMPLETION;
    if (o instanceof StageCommand.StageEnded) return STAGE_ENDED;
    if (o instanceof StatsRequest) return GET_STATS;
    if (o instanceof StageStats) return STAGE_STATS;
    // A stage's signals to itself (timers, peer watches) never leave its node.
    throw new IllegalArgumentException("[" + o.getClass().getName() + "] is not a message that crosses nodes");
  }

  @Override
  public byte[] toBinary(Object o) {
    String manifest = manifest(o);
    int events = o instanceof ConsumerMessage.Events<?> e ? e.events().size()
        : o instanceof ConsumerMessage.NumberedEvents<?> n ? n.events().size() : 0;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + 8 * events); // sized for a batch of boxed numbers
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(manifest, o, out);
    } catch (NotSerializableException e) {
      throw ProtocolSerializer.<RuntimeException>sneaky(e); // what Akka's serializers throw, unchecked in Scala
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable e) throws E {
    throw (E) e;
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return read(manifest, in);
    } catch (IOException e) {
      NotSerializableException failed = new NotSerializableException("cannot read a genstage [" + manifest + "]: " + e);
      failed.initCause(e);
      throw failed;
    }
  }

  // ---------------------------------------------------------------- messages

  private void write(String manifest, Object o, DataOutputStream out) throws IOException {
    switch (manifest) {
      case SUBSCRIBE -> {
        var m = (ProducerMessage.Subscribe<?>) o;
        writeRef(m.consumer(), out);
        writeTag(m.tag(), out);
        writeOptions(m.options(), out);
        writeNullableTag(m.replaces(), out);
        writeNullableReason(m.replaceReason(), out);
      }
      case ASK -> {
        var m = (ProducerMessage.Ask<?>) o;
        writeRef(m.consumer(), out);
        writeTag(m.tag(), out);
        out.writeLong(m.demand());
      }
      case CANCEL -> {
        var m = (ProducerMessage.Cancel<?>) o;
        writeRef(m.consumer(), out);
        writeTag(m.tag(), out);
        writeReason(m.reason(), out);
      }
      case EVENTS -> {
        var m = (ConsumerMessage.Events<?>) o;
        writeRef(m.producer(), out);
        writeTag(m.tag(), out);
        values.writeEvents(m.events(), out);
      }
      case CANCELLED -> {
        var m = (ConsumerMessage.Cancelled<?>) o;
        writeRef(m.producer(), out);
        writeTag(m.tag(), out);
        writeReason(m.reason(), out);
      }
      case ASK_UP_TO -> {
        var m = (ProducerMessage.AskUpTo<?>) o;
        writeRef(m.consumer(), out);
        writeTag(m.tag(), out);
        out.writeLong(m.received());
        out.writeLong(m.upTo());
      }
      case NUMBERED_EVENTS -> {
        var m = (ConsumerMessage.NumberedEvents<?>) o;
        writeRef(m.producer(), out);
        writeTag(m.tag(), out);
        out.writeLong(m.first());
        values.writeEvents(m.events(), out);
      }
      case CANCEL_UPSTREAM -> {
        var m = (StageCommand.CancelUpstream) o;
        writeTag(m.tag(), out);
        writeReason(m.reason(), out);
      }
      case SUBSCRIPTION -> {
        var m = (Subscription) o;
        writeRef(m.producer(), out);
        writeRef(m.consumer(), out);
        writeTag(m.tag(), out);
      }
      case DEMAND_MODE -> out.writeByte(((DemandMode) o).ordinal());
      case SUBSCRIBE_REQUEST -> {
        var m = (StageCommand.SubscribeRequest) o;
        writeRef(m.producer(), out);
        out.writeBoolean(m.options() != null); // none: the consumer's node configuration decides
        if (m.options() != null) {
          writeOptions(m.options(), out);
        }
        writeNullableTag(m.replaces(), out);
        writeNullableReason(m.replaceReason(), out);
        writeNullableRef(m.replyTo(), out);
      }
      case CALL -> {
        var m = (StageCommand.Call) o;
        values.writePayload(m.request(), out);
        writeRef(m.from().replyTo(), out);
      }
      case INFO_REQUEST -> {
        var m = (StageCommand.InfoRequest) o;
        values.writePayload(m.info(), out);
        writeNullableRef(m.queued(), out);
      }
      case GET_DEMAND_MODE -> writeRef(((StageCommand.GetDemandMode) o).replyTo(), out);
      case SET_DEMAND_MODE -> out.writeByte(((StageCommand.SetDemandMode) o).mode().ordinal());
      case GET_BUFFERED_COUNT -> writeRef(((StageCommand.GetBufferedCount) o).replyTo(), out);
      case STOP -> writeReason(((StageCommand.Stop) o).reason(), out);
      case DRAIN -> {
        var m = (StageCommand.Drain) o;
        writeReason(m.reason(), out);
        out.writeLong(m.timeout().toNanos());
      }
      case WATCH_COMPLETION -> writeRef(((StageCommand.WatchCompletion) o).replyTo(), out);
      case STAGE_ENDED -> writeReason(((StageCommand.StageEnded) o).reason(), out);
      case GET_STATS -> writeRef(((StatsRequest) o).replyTo(), out);
      case STAGE_STATS -> StatsFormat.write((StageStats) o, out, resolver());
      default -> throw new IllegalStateException(manifest);
    }
  }

  private Object read(String manifest, DataInputStream in) throws IOException {
    return switch (manifest) {
      case SUBSCRIBE -> new ProducerMessage.Subscribe<>(readRef(in), readTag(in), readOptions(in),
          readNullableTag(in), readNullableReason(in));
      case ASK -> new ProducerMessage.Ask<>(readRef(in), readTag(in), in.readLong());
      case CANCEL -> new ProducerMessage.Cancel<>(readRef(in), readTag(in), readReason(in));
      case EVENTS -> new ConsumerMessage.Events<>(readRef(in), readTag(in), values.readEvents(in));
      case CANCELLED -> new ConsumerMessage.Cancelled<>(readRef(in), readTag(in), readReason(in));
      case ASK_UP_TO -> new ProducerMessage.AskUpTo<>(readRef(in), readTag(in), in.readLong(), in.readLong());
      case NUMBERED_EVENTS -> new ConsumerMessage.NumberedEvents<>(readRef(in), readTag(in), in.readLong(),
          values.readEvents(in));
      case CANCEL_UPSTREAM -> new StageCommand.CancelUpstream(readTag(in), readReason(in));
      case SUBSCRIPTION -> new Subscription(readRef(in), readRef(in), readTag(in));
      case DEMAND_MODE -> DemandMode.values()[in.readByte()];
      case SUBSCRIBE_REQUEST -> new StageCommand.SubscribeRequest(readRef(in), in.readBoolean() ? readOptions(in) : null,
          readNullableTag(in), readNullableReason(in), readNullableRef(in));
      case CALL -> new StageCommand.Call(values.readPayload(in), new CallFrom(readRef(in)));
      case INFO_REQUEST -> new StageCommand.InfoRequest(values.readPayload(in), readNullableRef(in));
      case GET_DEMAND_MODE -> new StageCommand.GetDemandMode(readRef(in));
      case SET_DEMAND_MODE -> new StageCommand.SetDemandMode(DemandMode.values()[in.readByte()]);
      case GET_BUFFERED_COUNT -> new StageCommand.GetBufferedCount(readRef(in));
      case STOP -> new StageCommand.Stop(readReason(in));
      case DRAIN -> new StageCommand.Drain(readReason(in), Duration.ofNanos(in.readLong()));
      case WATCH_COMPLETION -> new StageCommand.WatchCompletion(readRef(in));
      case STAGE_ENDED -> new StageCommand.StageEnded(readReason(in));
      case GET_STATS -> new StatsRequest(readRef(in));
      case STAGE_STATS -> StatsFormat.read(in, resolver());
      default -> throw new NotSerializableException("unknown genstage manifest [" + manifest + "]");
    };
  }

  // ---------------------------------------------------------------- parts

  private void writeRef(ActorRef<?> ref, DataOutputStream out) throws IOException {
    out.writeUTF(resolver().toSerializationFormat(ref));
  }

  private <T> ActorRef<T> readRef(DataInputStream in) throws IOException {
    return resolver().resolveActorRef(in.readUTF());
  }

  private void writeNullableRef(ActorRef<?> ref, DataOutputStream out) throws IOException {
    out.writeBoolean(ref != null);
    if (ref != null) {
      writeRef(ref, out);
    }
  }

  private <T> ActorRef<T> readNullableRef(DataInputStream in) throws IOException {
    return in.readBoolean() ? readRef(in) : null;
  }

  private static void writeTag(SubscriptionTag tag, DataOutputStream out) throws IOException {
    out.writeLong(tag.id().getMostSignificantBits());
    out.writeLong(tag.id().getLeastSignificantBits());
  }

  private static SubscriptionTag readTag(DataInputStream in) throws IOException {
    return new SubscriptionTag(new UUID(in.readLong(), in.readLong()));
  }

  private static void writeNullableTag(SubscriptionTag tag, DataOutputStream out) throws IOException {
    out.writeBoolean(tag != null);
    if (tag != null) {
      writeTag(tag, out);
    }
  }

  private static SubscriptionTag readNullableTag(DataInputStream in) throws IOException {
    return in.readBoolean() ? readTag(in) : null;
  }

  private static final int STANDARD = 0;
  private static final int CUSTOM = 1;
  private static final int FAILURE = 2;
  private static final int NO_CONNECTION = 3;

  private void writeReason(CancelReason reason, DataOutputStream out) throws IOException {
    if (reason instanceof CancelReason.Standard standard) {
      out.writeByte(STANDARD);
      out.writeUTF(standard.name());
    } else if (reason instanceof CancelReason.Custom custom) {
      out.writeByte(CUSTOM);
      values.writePayload(custom.reason(), out);
    } else if (reason instanceof CancelReason.NoConnection lost) {
      out.writeByte(NO_CONNECTION);
      out.writeUTF(lost.node());
    } else {
      Throwable cause = ((CancelReason.Failure) reason).cause();
      out.writeByte(FAILURE);
      if (cause instanceof RemoteFailureException remote) {
        out.writeUTF(remote.className());
        out.writeUTF(String.valueOf(remote.originalMessage()));
      } else {
        out.writeUTF(cause.getClass().getName());
        out.writeUTF(String.valueOf(cause.getMessage()));
      }
    }
  }

  private CancelReason readReason(DataInputStream in) throws IOException {
    int kind = in.readByte();
    return switch (kind) {
      case STANDARD -> CancelReason.Standard.valueOf(in.readUTF());
      case CUSTOM -> CancelReason.of(values.readPayload(in));
      case FAILURE -> CancelReason.failure(new RemoteFailureException(in.readUTF(), in.readUTF()));
      case NO_CONNECTION -> CancelReason.noConnection(in.readUTF());
      default -> throw new NotSerializableException("unknown cancel reason kind [" + kind + "]");
    };
  }

  private void writeNullableReason(CancelReason reason, DataOutputStream out) throws IOException {
    out.writeBoolean(reason != null);
    if (reason != null) {
      writeReason(reason, out);
    }
  }

  private CancelReason readNullableReason(DataInputStream in) throws IOException {
    return in.readBoolean() ? readReason(in) : null;
  }

  private void writeOptions(SubscribeOptions<?> options, DataOutputStream out) throws IOException {
    if (options.selector() != null) {
      // A function cannot cross nodes; the consumer refuses such a subscription before it sends it.
      throw new NotSerializableException("a subscription with a selector cannot cross nodes");
    }
    out.writeInt(options.maxDemand());
    out.writeInt(options.minDemand());
    out.writeInt(options.remoteMaxDemand());
    out.writeInt(options.remoteMinDemand());
    out.writeByte(options.delivery().ordinal());
    out.writeBoolean(options.explicitAcknowledgement());
    out.writeByte(options.cancel().ordinal());
    out.writeBoolean(options.partition() != null);
    if (options.partition() != null) {
      values.writePayload(options.partition(), out);
    }
    out.writeInt(options.extras().size());
    for (Map.Entry<String, Object> e : options.extras().entrySet()) {
      out.writeUTF(e.getKey());
      values.writePayload(e.getValue(), out);
    }
  }

  private SubscribeOptions<?> readOptions(DataInputStream in) throws IOException {
    int max = in.readInt();
    int min = in.readInt();
    int remoteMax = in.readInt();
    int remoteMin = in.readInt();
    Delivery delivery = Delivery.values()[in.readByte()];
    boolean explicitAcknowledgement = in.readBoolean();
    CancelMode cancel = CancelMode.values()[in.readByte()];
    Object partition = in.readBoolean() ? values.readPayload(in) : null;
    int extraCount = in.readInt();
    Map<String, Object> extras = new HashMap<>();
    for (int i = 0; i < extraCount; i++) {
      extras.put(in.readUTF(), values.readPayload(in));
    }
    return new SubscribeOptions<>(max, min, remoteMax, remoteMin, delivery, explicitAcknowledgement, cancel, partition, null, extras);
  }

  private ActorRefResolver resolver() {
    ActorRefResolver r = resolver;
    if (r == null) {
      r = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = r;
    }
    return r;
  }
}
