package io.genstage.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.typesafe.config.ConfigFactory;
import io.genstage.AskMode;
import io.genstage.CancelReason;
import io.genstage.GenStage;
import io.genstage.ProducerConsumerOptions;
import io.genstage.ProducerConsumerRef;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.StageRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.fixtures.Emit;
import io.genstage.fixtures.Told;
import io.genstage.fixtures.Twice;
import io.genstage.testing.StageTestKit;
import io.genstage.testkit.ConsumerProbe;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link StageMetrics} on real pipelines whose numbers are known. */
class StageMetricsTest {
  // A short ask timeout: a walk that still meets a stopped stage waits this long for it.
  @RegisterExtension
  static final StageTestKit kit = new StageTestKit(ConfigFactory.parseString("genstage.ask-timeout = 1s"));
  static final ActorTestKit testKit = kit.testKit();

  private static ProducerRef<Integer, Emit<Integer>> told(ProducerOptions<Object> options) {
    return kit.spawn(Stages.producer(Told<Integer>::new, options));
  }

  /** A consumer probe subscribed to {@code producer} with {@code options}, asking by itself. */
  private static ConsumerProbe<Integer> consumer(ProducerRef<Integer, ?> producer, SubscribeOptions<Object> options) {
    ConsumerProbe<Integer> consumer = ConsumerProbe.create(testKit.system());
    consumer.subscribe(producer, options, AskMode.AUTOMATIC);
    return consumer;
  }

  private static String path(StageRef<?> stage) {
    return stage.actor().path().toStringWithoutAddress();
  }

  /** Waits until {@code producer} has {@code count} consumers. */
  private static void awaitConsumers(StageRef<?> producer, int count) {
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(count, GenStage.stats(testKit.system(), producer).toCompletableFuture().join().consumers().size());
      return null;
    });
  }

  private static void refresh(StageMetrics metrics) {
    metrics.refresh().toCompletableFuture().join();
  }

  private static double gauge(MeterRegistry registry, String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  private static double counter(MeterRegistry registry, String name, String... tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }

  /** The stage's six meters, in the order of the table: in, out, buffered, high-water, queued, discarded. */
  private static void assertStage(MeterRegistry registry, String stage, String kind, double... expected) {
    String[] tags = {"stage", stage, "kind", kind};
    assertEquals(expected[0], counter(registry, "genstage.stage.events.in", tags), "events.in of " + stage);
    assertEquals(expected[1], counter(registry, "genstage.stage.events.out", tags), "events.out of " + stage);
    assertEquals(expected[2], gauge(registry, "genstage.stage.buffered", tags), "buffered of " + stage);
    assertEquals(expected[3], gauge(registry, "genstage.stage.buffer.high.water.mark", tags), "hwm of " + stage);
    assertEquals(expected[4], gauge(registry, "genstage.stage.queued.input", tags), "queued.input of " + stage);
    assertEquals(expected[5], counter(registry, "genstage.stage.discarded", tags), "discarded of " + stage);
  }

  /** A subscription's three meters: pending demand, events, stalled. */
  private static void assertSubscription(MeterRegistry registry, String stage, String kind, String peer,
      String direction, double pending, double events) {
    String[] tags = {"stage", stage, "kind", kind, "peer", peer, "direction", direction};
    String what = direction + " of " + stage;
    assertEquals(pending, gauge(registry, "genstage.subscription.demand.pending", tags), "pending " + what);
    assertEquals(events, counter(registry, "genstage.subscription.events", tags), "events " + what);
    assertEquals(0.0, gauge(registry, "genstage.subscription.stalled", tags), "stalled " + what);
  }

  private static List<Meter> metersOf(MeterRegistry registry, String stage) {
    return List.copyOf(registry.find("genstage.stage.events.in").tag("stage", stage).meters());
  }

  private static List<Meter> subscriptionsTo(MeterRegistry registry, String peer) {
    return List.copyOf(registry.find("genstage.subscription.events").tag("peer", peer).meters());
  }

  @Test
  void everyMeterShowsTheLatestSnapshotOfAPipelineFoundFromItsProducer() {
    ProducerRef<Integer, Emit<Integer>> producer = told(ProducerOptions.defaults());
    ProducerConsumerRef<Integer, Integer, Void> twice = kit.spawn(Stages.producerConsumer(Twice<Integer>::new,
        ProducerConsumerOptions.defaults().withBufferSize(10),
        SubscribeTo.of(producer, SubscribeOptions.defaults().withDemand(10, 5))));
    ConsumerProbe<Integer> consumer = ConsumerProbe.create(testKit.system());
    consumer.subscribe(twice, SubscribeOptions.defaults().withDemand(4, 2));
    awaitConsumers(producer, 1);
    consumer.ask(3);
    GenStage.cast(producer, new Emit<>(List.of(1, 2, 3)));
    consumer.expectBatch(1, 1, 2); // 2, 3, 3 stay in twice's buffer

    MeterRegistry registry = new SimpleMeterRegistry();
    try (StageMetrics metrics = StageMetrics.of(testKit.system(), List.of(producer))) {
      metrics.bindTo(registry);
      refresh(metrics);
      String p = path(producer);
      String t = path(twice);
      String c = path(consumer.ref());
      assertStage(registry, p, "producer", 0, 3, 0, 0, 0, 0);
      assertStage(registry, t, "producer_consumer", 3, 3, 3, 3, 0, 0);
      assertStage(registry, c, "consumer", 3, 0, 0, 0, 0, 0);
      assertSubscription(registry, p, "producer", t, "downstream", 7, 3);
      assertSubscription(registry, t, "producer_consumer", p, "upstream", 7, 3);
      assertSubscription(registry, t, "producer_consumer", c, "downstream", 0, 3);
      assertSubscription(registry, c, "consumer", t, "upstream", 0, 3);
      assertEquals(3 * 6 + 4 * 3, registry.getMeters().size());
      // Exactly these tags, no others.
      assertEquals(List.of(Tag.of("kind", "producer_consumer"), Tag.of("stage", t)),
          registry.get("genstage.stage.buffered").tags("stage", t).gauge().getId().getTags());
      assertEquals(List.of(Tag.of("direction", "upstream"), Tag.of("kind", "consumer"), Tag.of("peer", t),
              Tag.of("stage", c)),
          registry.get("genstage.subscription.events").tags("stage", c).functionCounter().getId().getTags());

      // Asked for 4 more: the 3 buffered leave, the high-water mark stays, one of demand is left.
      consumer.ask(4);
      consumer.expectBatch(2, 3, 3);
      refresh(metrics);
      assertStage(registry, t, "producer_consumer", 3, 6, 0, 3, 0, 0);
      assertSubscription(registry, t, "producer_consumer", c, "downstream", 1, 6);
      assertSubscription(registry, c, "consumer", t, "upstream", 1, 6);
    }
  }

  @Test
  void aFullBufferCountsWhatItDiscarded() {
    ProducerRef<Integer, Emit<Integer>> producer = told(ProducerOptions.defaults().withBufferSize(2));
    GenStage.cast(producer, new Emit<>(List.of(1, 2, 3, 4, 5)));
    MeterRegistry registry = new SimpleMeterRegistry();
    try (StageMetrics metrics = StageMetrics.of(testKit.system(), List.of(producer))) {
      metrics.bindTo(registry);
      testKit.createTestProbe().awaitAssert(() -> {
        refresh(metrics);
        assertStage(registry, path(producer), "producer", 0, 0, 2, 2, 0, 3);
        return null;
      });
      assertEquals(6, registry.getMeters().size());
    }
  }

  @Test
  void twoSubscriptionsWithTheSameTagsAddUp() {
    ProducerRef<Integer, Emit<Integer>> producer = told(ProducerOptions.defaults());
    SubscribeOptions<Object> demand = SubscribeOptions.defaults().withDemand(10, 5);
    ConsumerProbe<Integer> consumer = consumer(producer, demand);
    consumer.subscribe(producer, demand, AskMode.AUTOMATIC);
    awaitConsumers(producer, 2);
    GenStage.cast(producer, new Emit<>(List.of(1, 2, 3, 4)));

    MeterRegistry registry = new SimpleMeterRegistry();
    try (StageMetrics metrics = StageMetrics.of(testKit.system(), List.of(consumer.ref()))) {
      metrics.bindTo(registry);
      String p = path(producer);
      String c = path(consumer.ref());
      testKit.createTestProbe().awaitAssert(() -> {
        refresh(metrics);
        assertSubscription(registry, p, "producer", c, "downstream", 16, 4);
        assertSubscription(registry, c, "consumer", p, "upstream", 16, 4);
        return null;
      });
      assertEquals(2 * 6 + 2 * 3, registry.getMeters().size());
    }
  }

  @Test
  void aStageThatStopsHasItsMetersRemovedAtTheNextRefresh() {
    ProducerRef<Integer, Emit<Integer>> producer = told(ProducerOptions.defaults());
    StageRef<?> stays = consumer(producer, SubscribeOptions.defaults()).ref();
    StageRef<?> stops = consumer(producer, SubscribeOptions.defaults()).ref();
    awaitConsumers(producer, 2);

    MeterRegistry registry = new SimpleMeterRegistry();
    try (StageMetrics metrics = StageMetrics.of(testKit.system(), List.of(producer))) {
      metrics.bindTo(registry);
      refresh(metrics);
      assertEquals(1, metersOf(registry, path(stops)).size());
      assertEquals(1, subscriptionsTo(registry, path(stops)).size());

      GenStage.stop(testKit.system(), stops, CancelReason.NORMAL).toCompletableFuture().join();
      testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
        refresh(metrics);
        assertEquals(List.of(), metersOf(registry, path(stops)));
        assertEquals(List.of(), subscriptionsTo(registry, path(stops)));
        return null;
      });
      assertEquals(1, metersOf(registry, path(stays)).size());
      assertEquals(1, subscriptionsTo(registry, path(stays)).size());
      assertEquals(2 * 6 + 2 * 3, registry.getMeters().size());
    }
  }

  @Test
  void boundMetricsRefreshOnTheSchedulerAndMeterStagesThatAppearLater() {
    ProducerRef<Integer, Emit<Integer>> producer = told(ProducerOptions.defaults());
    MeterRegistry registry = new SimpleMeterRegistry();
    try (StageMetrics metrics = StageMetrics.of(testKit.system(), List.of(producer))
        .withRefreshInterval(Duration.ofMillis(100))) {
      metrics.bindTo(registry); // no refresh() from here on: only the scheduled ones
      testKit.createTestProbe().awaitAssert(() -> {
        assertEquals(1, metersOf(registry, path(producer)).size());
        return null;
      });
      StageRef<?> later = consumer(producer, SubscribeOptions.defaults()).ref();
      GenStage.cast(producer, new Emit<>(List.of(1, 2)));
      testKit.createTestProbe().awaitAssert(() -> {
        assertStage(registry, path(later), "consumer", 2, 0, 0, 0, 0, 0);
        return null;
      });
    }
  }

  @Test
  void closeRemovesEveryMeterAndStopsRefreshing() {
    ProducerRef<Integer, Emit<Integer>> producer = told(ProducerOptions.defaults());
    MeterRegistry registry = new SimpleMeterRegistry();
    StageMetrics metrics = StageMetrics.of(testKit.system(), List.of(producer));
    metrics.bindTo(registry);
    refresh(metrics);
    assertEquals(6, registry.getMeters().size());

    metrics.close();
    assertEquals(List.of(), registry.getMeters());
    refresh(metrics);
    assertEquals(List.of(), registry.getMeters());
    IllegalStateException closed = assertThrows(IllegalStateException.class, () -> metrics.bindTo(registry));
    assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    metrics.close(); // a second close does nothing
  }

  @Test
  void aRefreshIntervalThatIsNotPositiveIsRefusedByName() {
    StageMetrics metrics = StageMetrics.of(testKit.system(), List.of());
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> metrics.withRefreshInterval(Duration.ZERO));
    assertTrue(zero.getMessage().contains("PT0S"), zero.getMessage());
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> metrics.withRefreshInterval(Duration.ofSeconds(-1)));
    assertTrue(negative.getMessage().contains("PT-1S"), negative.getMessage());
  }
}
