package io.genstage.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The meters registered so far, in every bound registry, with the values they read. Not
 * thread-safe: {@link StageMetrics} calls it under its lock.
 */
final class Registrations {
  private final List<MeterRegistry> registries = new ArrayList<>();
  private final Map<MeterKey, Entry> entries = new HashMap<>();

  /** One group's latest values (a whole array, swapped at once, so a scrape reads one walk) and its meters. */
  private static final class Entry {
    volatile long[] values;
    final List<Bound> meters = new ArrayList<>();

    Entry(long[] values) {
      this.values = values;
    }

    double read(int index) {
      return values[index];
    }
  }

  private record Bound(MeterRegistry registry, Meter meter) {}

  void bind(MeterRegistry registry) {
    registries.add(registry);
    entries.forEach((key, entry) -> register(key, entry, registry));
  }

  /** Makes the meters those of {@code latest}: new groups registered, gone ones removed, the rest updated. */
  void update(Map<MeterKey, long[]> latest) {
    for (Iterator<Map.Entry<MeterKey, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<MeterKey, Entry> e = it.next();
      if (!latest.containsKey(e.getKey())) {
        remove(e.getValue());
        it.remove();
      }
    }
    latest.forEach((key, values) -> {
      Entry entry = entries.get(key);
      if (entry != null) {
        entry.values = values;
      } else {
        Entry fresh = new Entry(values);
        entries.put(key, fresh);
        registries.forEach(registry -> register(key, fresh, registry));
      }
    });
  }

  void clear() {
    entries.values().forEach(Registrations::remove);
    entries.clear();
    registries.clear();
  }

  private static void register(MeterKey key, Entry entry, MeterRegistry registry) {
    List<Group.Spec> specs = key.group().meters;
    for (int i = 0; i < specs.size(); i++) {
      Group.Spec spec = specs.get(i);
      int index = i;
      // The entry stays referenced from the map while its meters live, so Micrometer's weak reference holds.
      Meter meter = spec.counter()
          ? FunctionCounter.builder(spec.name(), entry, e -> e.read(index))
              .description(spec.description()).tags(key.tags()).register(registry)
          : Gauge.builder(spec.name(), entry, e -> e.read(index))
              .description(spec.description()).tags(key.tags()).register(registry);
      entry.meters.add(new Bound(registry, meter));
    }
  }

  private static void remove(Entry entry) {
    entry.meters.forEach(b -> b.registry().remove(b.meter()));
  }
}
