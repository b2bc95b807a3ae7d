package io.genstage.internal;

import io.genstage.protocol.ConsumerMessage.NumberedEvents;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API. At least once: the numbered batches a producer sent on one subscription that the
 * consumer has not acknowledged yet, oldest first. The consumer's demand bounds them: at most its
 * max demand of events.
 */
@InternalApi
final class UnacknowledgedBatches {
  private final ArrayDeque<NumberedEvents<Object>> batches = new ArrayDeque<>();

  void add(NumberedEvents<Object> batch) {
    batches.addLast(batch);
  }

  /** Forgets the events the consumer has handled, up to number {@code received}. */
  void acknowledge(long received) {
    while (!batches.isEmpty()) {
      NumberedEvents<Object> oldest = batches.pollFirst();
      int size = oldest.events().size();
      int handled = (int) Math.max(0, Math.min(received - oldest.first() + 1, size));
      if (handled < size) {
        batches.addFirst(handled == 0 ? oldest : new NumberedEvents<>(oldest.producer(), oldest.tag(),
            received + 1, oldest.events().subList(handled, size)));
        return;
      }
    }
  }

  boolean isEmpty() {
    return batches.isEmpty();
  }

  /** The batches, oldest first, to send again. */
  Iterable<NumberedEvents<Object>> batches() {
    return batches;
  }

  /** Their events, oldest first; they are forgotten. */
  List<Object> takeEvents() {
    List<Object> events = new ArrayList<>();
    for (NumberedEvents<Object> batch : batches) {
      events.addAll(batch.events());
    }
    batches.clear();
    return events;
  }
}
