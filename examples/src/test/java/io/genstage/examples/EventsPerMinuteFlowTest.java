package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventsPerMinuteFlowTest {

  @Test
  void everyMinuteCountsItsViewsWithTheStragglersAllowedAndWithoutTheOneTooLate() throws Exception {
    Printed output = new Printed();
    EventsPerMinuteFlow.run(output.out, EventsPerMinuteFlow.sample());
    // Seconds after 09:00. 09:00: 5, 40, 59 and 50 (late, within 30 s), not 30 (after 95 had closed it);
    // 09:01: 70, 95; 09:02: 130, 175; 09:03: 185, emitted when the input ends.
    assertEquals(List.of("09:00 views 4", "09:01 views 2", "09:02 views 2", "09:03 views 1"), List.of(output.lines()));
  }
}
