package io.genstage.internal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import io.genstage.CancelReason;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * INTERNAL API. How the stages of this JVM ended, kept for as long as something still holds a
 * stage's reference: a completion asked after the stage had already stopped learns the real reason
 * instead of a bare "terminated". A restarted stage forgets its last end.
 */
@InternalApi
final class StageEnds {
  // Keyed by the actor's own classic reference, the instance its spawner was handed too, held weakly.
  private static final Map<akka.actor.ActorRef, CancelReason> ENDS = Collections.synchronizedMap(new WeakHashMap<>());

  private StageEnds() {}

  static void ended(ActorRef<?> stage, CancelReason reason) {
    ENDS.put(Adapter.toClassic(stage), reason);
  }

  static void started(ActorRef<?> stage) {
    ENDS.remove(Adapter.toClassic(stage));
  }

  /** How {@code stage} ended, or null when it did not say (killed, never a stage, or on another node). */
  static CancelReason of(ActorRef<?> stage) {
    return ENDS.get(Adapter.toClassic(stage));
  }
}
