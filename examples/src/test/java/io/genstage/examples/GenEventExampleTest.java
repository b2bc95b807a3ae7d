package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.dispatch.BroadcastDispatcher;
import io.genstage.testkit.ConsumerProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class GenEventExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void eachOfTheFourConsumersPrintsEachEventOnceInOrder() throws Exception {
    List<String> events = List.of("1", "2", "3", "4", "5");
    Printed output = new Printed();
    GenEventExample.run(output.out, events);
    Map<String, List<String>> byConsumer = new TreeMap<>();
    for (String line : output.lines()) {
      String[] parts = line.split(" ");
      byConsumer.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
    }
    assertEquals(List.of("consumer-1", "consumer-2", "consumer-3", "consumer-4"), List.copyOf(byConsumer.keySet()));
    byConsumer.forEach((consumer, received) -> assertEquals(events, received, consumer));
  }

  /** A broadcast goes out only when every consumer has demand, and the call is answered then. */
  @Test
  void aNotifyWaitsForTheSlowestConsumerAndIsAnsweredOnceEveryConsumerHasTheEvent() throws Exception {
    ProducerRef<String, GenEventExample.Command> broadcaster = Stages.producer(GenEventExample.Broadcaster::new,
        ProducerOptions.<String>defaults().withDispatcher(BroadcastDispatcher.factory())).spawn(testKit.system(), "broadcaster");
    ConsumerProbe<String> fast = ConsumerProbe.create(testKit.system());
    ConsumerProbe<String> slow = ConsumerProbe.create(testKit.system());
    fast.subscribe(broadcaster);
    slow.subscribe(broadcaster);
    fast.ask(5);

    CompletableFuture<Object> notified = GenEventExample.Broadcaster.syncNotify(testKit.system(), broadcaster, "deploy");
    fast.expectNoEvents(Duration.ofMillis(100)); // the slow one has asked for nothing
    assertFalse(notified.isDone());
    slow.ask(1);
    fast.expectBatch("deploy");
    slow.expectBatch("deploy");
    assertEquals("ok", notified.get(3, TimeUnit.SECONDS));
  }
}
