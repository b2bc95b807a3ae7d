package io.genstage.internal;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.DisabledJavaSerializer;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * INTERNAL API. Whether events can be written for a consumer on another node: Akka serializes a
 * remote message on its way out and only logs a failure, so the consumer would wait forever. Each
 * event class is looked up once per stage.
 */
@InternalApi
public final class WireCheck {
  private final ActorSystem<?> system;
  private final Map<Class<?>, String> problems = new HashMap<>();
  private Serialization serialization;

  WireCheck(ActorSystem<?> system) {
    this.system = system;
  }

  /** Why some of {@code events} cannot cross nodes, or null when all can. */
  String problem(List<Object> events) {
    Class<?> last = null;
    for (Object event : events) {
      if (event == null || event.getClass() == last) {
        continue;
      }
      last = event.getClass();
      String problem = problems.computeIfAbsent(last, c -> lookUp(event));
      if (!problem.isEmpty()) {
        return problem;
      }
    }
    return null;
  }

  /** What to tell the application about a type with no serializer: the type, and the fix. */
  public static String noSerializer(Class<?> type) {
    return "no serializer for [" + type.getName() + "]" + FIX;
  }

  private static final String FIX =
      ": bind it in akka.actor.serialization-bindings, for example to jackson-cbor (see docs/cluster.md)";

  private String lookUp(Object event) {
    if (serialization == null) {
      serialization = SerializationExtension.get(Adapter.toClassic(system));
    }
    try {
      Serializer serializer = serialization.findSerializerFor(event);
      if (serializer instanceof DisabledJavaSerializer) {
        return "[" + event.getClass().getName() + "] has only Java serialization, which Akka disables" + FIX;
      }
      return "";
    } catch (Exception none) { // Akka throws a NotSerializableException, unchecked in Scala
      return noSerializer(event.getClass());
    }
  }
}
