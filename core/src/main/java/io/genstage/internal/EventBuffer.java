package io.genstage.internal;

import io.genstage.BufferKeep;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * INTERNAL API. A producer's output buffer: events, and info markers that must be delivered once
 * the events before them have left. Only events count toward the size.
 */
@InternalApi
public final class EventBuffer {

  private record InfoMarker(Object info) {}

  private final ArrayDeque<Object> items = new ArrayDeque<>();
  private final int capacity;
  private final BufferKeep keep;
  private int eventCount;
  private int highWaterMark;

  public EventBuffer(int capacity, BufferKeep keep) {
    this.capacity = capacity;
    this.keep = keep;
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** The most events held at once. */
  public int highWaterMark() {
    return highWaterMark;
  }

  /** Events held, not counting info markers. */
  public int eventCount() {
    return eventCount;
  }

  /**
   * Appends {@code events}, discarding per the keep policy when the buffer is full.
   *
   * @param displacedInfo receives infos pushed out with discarded events (they are never lost)
   * @return how many events were discarded
   */
  public int store(List<?> events, Consumer<Object> displacedInfo) {
    int incoming = events.size();
    if (keep == BufferKeep.FIRST) {
      int room = capacity - eventCount;
      int kept = Math.min(room, incoming);
      for (int i = 0; i < kept; i++) {
        items.addLast(events.get(i));
      }
      eventCount += kept;
      highWaterMark = Math.max(highWaterMark, eventCount);
      return incoming - kept;
    }
    int discarded = 0;
    // Events that would be pushed out at once are never stored.
    int skip = Math.max(0, incoming - capacity);
    discarded += skip;
    long overflow = (long) eventCount + (incoming - skip) - capacity;
    while (overflow > 0) {
      Object head = items.pollFirst();
      if (head instanceof InfoMarker m) {
        displacedInfo.accept(m.info());
      } else {
        eventCount--;
        discarded++;
        overflow--;
      }
    }
    if (discarded > 0) {
      // Infos now at the head followed only discarded events: they have nothing left to wait for.
      takeLeadingInfos(displacedInfo);
    }
    for (int i = skip; i < incoming; i++) {
      items.addLast(events.get(i));
    }
    eventCount += incoming - skip;
    highWaterMark = Math.max(highWaterMark, eventCount);
    return discarded;
  }

  /** Puts events back at the head, in order (they were taken but could not be delivered). */
  public void pushFront(List<?> events) {
    for (int i = events.size() - 1; i >= 0; i--) {
      items.addFirst(events.get(i));
    }
    eventCount += events.size();
    highWaterMark = Math.max(highWaterMark, eventCount);
  }

  /** Appends an info marker after the last buffered event. */
  public void storeInfo(Object info) {
    items.addLast(new InfoMarker(info));
  }

  /** Takes up to {@code max} events from the head, stopping at the first info marker. */
  public List<Object> takeEvents(long max) {
    int n = 0;
    List<Object> out = new ArrayList<>((int) Math.min(max, eventCount));
    while (n < max && !items.isEmpty() && !(items.peekFirst() instanceof InfoMarker)) {
      out.add(items.pollFirst());
      n++;
    }
    eventCount -= n;
    return out;
  }

  /** Removes and hands over the info markers at the head, in order. */
  public void takeLeadingInfos(Consumer<Object> sink) {
    while (items.peekFirst() instanceof InfoMarker m) {
      items.pollFirst();
      sink.accept(m.info());
    }
  }
}
