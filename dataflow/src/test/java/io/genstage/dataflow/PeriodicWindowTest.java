package io.genstage.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
import io.genstage.DemandMode;
import io.genstage.GenStage;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.StageKind;
import io.genstage.Stages;
import io.genstage.fixtures.Emit;
import io.genstage.fixtures.Told;
import io.genstage.observe.Topology;
import io.genstage.testing.StageTestKit;
import io.genstage.testkit.ConsumerProbe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Processing-time windows and periodic triggers, on the test's manual clock: the dataflow runs
 * into a producer that a consumer probe reads, so that each pane is seen when it is emitted.
 */
class PeriodicWindowTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit(ManualTime.config());
  static final ActorTestKit testKit = kit.testKit();
  static final ManualTime time = ManualTime.get(testKit.system());
  static final Duration SECOND = Duration.ofSeconds(1);

  private final ProducerRef<Integer, Emit<Integer>> told = kit.spawn(Stages.producer(Told<Integer>::new,
      ProducerOptions.defaults().withDemand(DemandMode.ACCUMULATE)));
  private final ConsumerProbe<Pane<Integer>> panes = ConsumerProbe.create(testKit.system());

  /** Runs {@code flow} into a producer, read by the consumer probe. */
  private void read(Dataflow<Pane<Integer>> flow) {
    panes.subscribe(flow.into(testKit.system()));
    panes.ask(100);
  }

  /** Emits {@code events} and waits until the dataflow's stage has received {@code total} in all. */
  private void emit(List<Integer> events, long total) {
    GenStage.cast(told, new Emit<>(events));
    testKit.createTestProbe().awaitAssert(() -> {
      Topology t = Topology.walk(testKit.system(), List.of(told)).toCompletableFuture().join();
      assertEquals(total, t.stages().stream().filter(s -> s.kind() == StageKind.PRODUCER_CONSUMER)
          .filter(s -> s.producers().stream().anyMatch(p -> p.peer().equals(told.actor())))
          .mapToLong(s -> s.eventsIn()).sum());
      return null;
    });
  }

  @Test
  void aPeriodicWindowClosesAtTheEndOfEachPeriodAndAnIdlePeriodEmitsNothing() {
    read(Dataflow.fromProducers(List.of(told)).stages(1)
        .reduce(Window.<Integer>periodic(SECOND), () -> 0, Integer::sum));
    emit(List.of(1, 2), 2);
    time.timePasses(SECOND);
    panes.expectBatch(new Pane<>(0, 1000, 3, true));
    emit(List.of(5), 3);
    time.timePasses(SECOND);
    panes.expectBatch(new Pane<>(1000, 2000, 5, true));
    time.timePasses(SECOND);
    panes.expectNoEvents(Duration.ofMillis(200));
    emit(List.of(7), 4);
    time.timePasses(SECOND);
    panes.expectBatch(new Pane<>(3000, 4000, 7, true));
    GenStage.stop(testKit.system(), told, io.genstage.CancelReason.NORMAL);
  }

  @Test
  void aPeriodicTriggerEmitsEachOpenWindowSoFarAndResetStartsItAfresh() {
    read(Dataflow.fromProducers(List.of(told)).stages(1)
        .reduce(Window.<Integer>count(100).triggerPeriodically(SECOND).resetAfterTrigger(), () -> 0, Integer::sum));
    emit(List.of(1, 2), 2);
    time.timePasses(SECOND);
    panes.expectBatch(new Pane<>(0, 100, 3, false));
    emit(List.of(4), 3);
    time.timePasses(SECOND);
    panes.expectBatch(new Pane<>(0, 100, 4, false));
    GenStage.stop(testKit.system(), told, io.genstage.CancelReason.NORMAL);
    panes.expectBatch(new Pane<>(0, 100, 0, true)); // the input ended: the window closes
  }
}
