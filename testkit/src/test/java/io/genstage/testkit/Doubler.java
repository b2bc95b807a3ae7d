package io.genstage.testkit;

import io.genstage.ProducerConsumer;
import io.genstage.Subscription;
import java.util.List;

/** The stage under test in these tests: doubles each number. */
final class Doubler extends ProducerConsumer<Integer, Integer, Void> {
  @Override
  protected List<Integer> handleEvents(List<Integer> events, Subscription from) {
    return events.stream().map(n -> n * 2).toList();
  }
}
