package io.genstage.cluster.internal;

import akka.actor.ExtendedActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import io.genstage.internal.WireCheck;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API. The application's values inside the library's messages, for
 * {@link ProtocolSerializer}: batches of events and single values (calls, infos, partitions,
 * extras, custom reasons), each written by the serializer Akka's serialization finds for it, and
 * the boxed types most streams carry written natively.
 */
final class ApplicationValues {
  private final ExtendedActorSystem system;
  private volatile Serialization serialization;

  ApplicationValues(ExtendedActorSystem system) {
    this.system = system;
  }

  // How a run of events of one class is written: the boxed types most streams carry, natively;
  // anything else by the serializer Akka finds for it.
  private static final int RUN_INTEGER = 1;
  private static final int RUN_LONG = 2;
  private static final int RUN_STRING = 3;
  private static final int RUN_OTHER = 4;

  /**
   * A batch, as runs of events of one class (usually one run): a run header (its kind, its
   * length, and for other types the serializer's id and manifest), then the events.
   */
  void writeEvents(List<?> events, DataOutputStream out) throws IOException {
    int size = events.size();
    out.writeInt(size);
    int start = 0;
    while (start < size) {
      Object first = events.get(start);
      if (first == null) {
        throw new NotSerializableException("a batch holds a null event");
      }
      Class<?> type = first.getClass();
      int end = start + 1;
      while (end < size && events.get(end) != null && events.get(end).getClass() == type) {
        end++;
      }
      out.writeInt(end - start);
      // Numbers go through one buffer per run: the streams' per-byte writes are synchronized.
      if (type == Integer.class) {
        out.writeByte(RUN_INTEGER);
        ByteBuffer run = ByteBuffer.allocate(4 * (end - start));
        for (int k = start; k < end; k++) {
          run.putInt((Integer) events.get(k));
        }
        out.write(run.array());
      } else if (type == Long.class) {
        out.writeByte(RUN_LONG);
        ByteBuffer run = ByteBuffer.allocate(8 * (end - start));
        for (int k = start; k < end; k++) {
          run.putLong((Long) events.get(k));
        }
        out.write(run.array());
      } else if (type == String.class) {
        out.writeByte(RUN_STRING);
        for (int k = start; k < end; k++) {
          writeString((String) events.get(k), out);
        }
      } else {
        Serializer serializer = serializerFor(first);
        out.writeByte(RUN_OTHER);
        out.writeInt(serializer.identifier());
        out.writeUTF(Serializers.manifestFor(serializer, first));
        for (int k = start; k < end; k++) {
          byte[] bytes = serializer.toBinary(events.get(k));
          out.writeInt(bytes.length);
          out.write(bytes);
        }
      }
      start = end;
    }
  }

  List<Object> readEvents(DataInputStream in) throws IOException {
    int size = in.readInt();
    List<Object> events = new ArrayList<>(size);
    while (events.size() < size) {
      int run = in.readInt();
      int kind = in.readByte();
      switch (kind) {
        case RUN_INTEGER -> {
          ByteBuffer numbers = ByteBuffer.wrap(in.readNBytes(4 * run));
          for (int k = 0; k < run; k++) {
            events.add(numbers.getInt());
          }
        }
        case RUN_LONG -> {
          ByteBuffer numbers = ByteBuffer.wrap(in.readNBytes(8 * run));
          for (int k = 0; k < run; k++) {
            events.add(numbers.getLong());
          }
        }
        case RUN_STRING -> {
          for (int k = 0; k < run; k++) {
            events.add(readString(in));
          }
        }
        case RUN_OTHER -> {
          int serializerId = in.readInt();
          String manifest = in.readUTF();
          for (int k = 0; k < run; k++) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            events.add(serialization().deserialize(bytes, serializerId, manifest).get());
          }
        }
        default -> throw new NotSerializableException("unknown run of events [" + kind + "]");
      }
    }
    return events;
  }

  /** A string of any length (writeUTF stops at 65535 bytes). */
  private static void writeString(String value, DataOutputStream out) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** An application's value, written by the serializer Akka's serialization finds for it. */
  void writePayload(Object value, DataOutputStream out) throws IOException {
    Serializer serializer = serializerFor(value);
    byte[] bytes = serializer.toBinary(value);
    out.writeInt(serializer.identifier());
    out.writeUTF(Serializers.manifestFor(serializer, value));
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  Object readPayload(DataInputStream in) throws IOException {
    int serializerId = in.readInt();
    String manifest = in.readUTF();
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return serialization().deserialize(bytes, serializerId, manifest).get();
  }

  private Serializer serializerFor(Object value) throws NotSerializableException {
    try {
      return serialization().findSerializerFor(value);
    } catch (Exception e) { // Akka throws a NotSerializableException, unchecked in Scala
      NotSerializableException none = new NotSerializableException(WireCheck.noSerializer(value.getClass()));
      none.initCause(e);
      throw none;
    }
  }

  private Serialization serialization() {
    Serialization s = serialization;
    if (s == null) {
      s = SerializationExtension.get(system);
      serialization = s;
    }
    return s;
  }
}
