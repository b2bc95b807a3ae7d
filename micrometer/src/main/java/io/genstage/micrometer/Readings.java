package io.genstage.micrometer;

import akka.actor.typed.ActorRef;
import io.genstage.observe.StageStats;
import io.genstage.observe.SubscriptionStats;
import io.genstage.observe.Topology;
import io.micrometer.core.instrument.Tags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One walk's values, by the meters' tags. */
final class Readings {
  private Readings() {}

  static Map<MeterKey, long[]> of(Topology topology) {
    Map<MeterKey, long[]> out = new LinkedHashMap<>();
    for (StageStats s : topology.stages()) {
      String stage = path(s.stage());
      String kind = s.kind().name().toLowerCase(Locale.ROOT);
      add(out, Group.STAGE, Tags.of("stage", stage, "kind", kind),
          s.eventsIn(), s.eventsOut(), s.buffered(), s.bufferHighWaterMark(), s.queuedInput(), s.discarded());
      subscriptions(out, stage, kind, "upstream", s.producers());
      subscriptions(out, stage, kind, "downstream", s.consumers());
    }
    return out;
  }

  private static void subscriptions(Map<MeterKey, long[]> out, String stage, String kind, String direction,
      List<SubscriptionStats> subscriptions) {
    for (SubscriptionStats sub : subscriptions) {
      add(out, Group.SUBSCRIPTION,
          Tags.of("stage", stage, "kind", kind, "peer", path(sub.peer()), "direction", direction),
          sub.pendingDemand(), sub.events(), sub.stalled() ? 1 : 0);
    }
  }

  private static void add(Map<MeterKey, long[]> out, Group group, Tags tags, long... values) {
    out.merge(new MeterKey(group, tags), values, group::merge);
  }

  /** Without the address, so a tag stays the same whichever node's walk found the stage. */
  private static String path(ActorRef<?> ref) {
    return ref.path().toStringWithoutAddress();
  }
}
