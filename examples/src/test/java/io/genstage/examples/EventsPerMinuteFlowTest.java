package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.CancelReason;
import io.genstage.dataflow.Pane;
import io.genstage.testkit.ConsumerProbe;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class EventsPerMinuteFlowTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyMinuteCountsItsViewsWithTheStragglersAllowedAndWithoutTheOneTooLate() throws Exception {
    Printed output = new Printed();
    EventsPerMinuteFlow.run(output.out, EventsPerMinuteFlow.sample());
    // Seconds after 09:00. 09:00: 5, 40, 59 and 50 (late, within 30 s), not 30 (after 95 had closed it);
    // 09:01: 70, 95; 09:02: 130, 175; 09:03: 185, emitted when the input ends.
    assertEquals(List.of("09:00 views 4", "09:01 views 2", "09:02 views 2", "09:03 views 1"), List.of(output.lines()));
  }

  /** Run into a producer: the panes come as their windows close, in that order, then the end. */
  @Test
  void intoAProducerThePanesComeAsTheirWindowsCloseThenTheEnd() {
    ConsumerProbe<Pane<Long>> panes = ConsumerProbe.create(testKit.system());
    panes.subscribe(EventsPerMinuteFlow.viewsPerMinute(EventsPerMinuteFlow.sample()).into(testKit.system()));
    panes.ask(10);
    assertEquals(List.of("09:00 views 4", "09:01 views 2", "09:02 views 2", "09:03 views 1"),
        panes.expectNextN(4).stream().map(EventsPerMinuteFlow::line).toList());
    panes.expectCancel(CancelReason.NORMAL);
  }
}
