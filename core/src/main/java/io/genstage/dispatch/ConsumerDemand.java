package io.genstage.dispatch;

import java.util.ArrayList;
import java.util.List;

/** A dispatcher's record of one consumer and the demand it has given that events have not yet met. */
class ConsumerDemand<E> {
  final ConsumerHandle<E> consumer;
  long demand;

  ConsumerDemand(ConsumerHandle<E> consumer) {
    this.consumer = consumer;
  }

  /** Each entry's demand, in list order. */
  static List<Long> demands(List<? extends ConsumerDemand<?>> entries) {
    List<Long> out = new ArrayList<>(entries.size());
    for (ConsumerDemand<?> e : entries) {
      out.add(e.demand);
    }
    return out;
  }

  /** The position of {@code consumer}'s entry, or -1. */
  static <E> int indexOf(List<? extends ConsumerDemand<E>> entries, ConsumerHandle<E> consumer) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).consumer.equals(consumer)) {
        return i;
      }
    }
    return -1;
  }
}
