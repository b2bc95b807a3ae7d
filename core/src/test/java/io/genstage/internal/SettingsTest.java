package io.genstage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** core's reference.conf, and a bad value's error naming the key and the value. */
class SettingsTest {
  private static Settings with(String overrides) {
    return new Settings(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load()));
  }

  @Test
  void theReferenceValuesAreGenStagesDefaults() {
    Settings settings = with("");
    assertEquals(Duration.ofSeconds(5), settings.askTimeout);
    assertEquals(1000, settings.subscribeOptions.maxDemand());
    assertEquals(500, settings.subscribeOptions.minDemand());
    assertEquals(10_000, settings.bufferSize);
    assertEquals(Duration.ofSeconds(5), settings.drainTimeout);
    assertEquals(Duration.ofSeconds(1), settings.reaskInterval);
    assertEquals(0, settings.remoteMaxDemand);
  }

  @Test
  void aMinDemandNotSetIsHalfTheMax() {
    assertEquals(40, with("genstage.subscribe.max-demand = 80").subscribeOptions.minDemand());
    assertEquals(10, with("genstage.subscribe { max-demand = 80, min-demand = 10 }").subscribeOptions.minDemand());
  }

  @Test
  void aBadValueNamesItsKeyAndTheValue() {
    assertEquals("genstage.subscribe: maxDemand must be >= 1, got: 0",
        assertThrows(IllegalArgumentException.class, () -> with("genstage.subscribe.max-demand = 0")).getMessage());
    assertEquals("genstage.ask-timeout must be positive, got: 0s",
        assertThrows(IllegalArgumentException.class, () -> with("genstage.ask-timeout = 0s")).getMessage());
    assertEquals("genstage.producer.buffer-size must be >= 0, got: -1",
        assertThrows(IllegalArgumentException.class, () -> with("genstage.producer.buffer-size = -1")).getMessage());
    assertEquals("genstage.dispatcher names [no-such-dispatcher], which is not configured",
        assertThrows(IllegalArgumentException.class, () -> with("genstage.dispatcher = no-such-dispatcher")).getMessage());
    assertEquals("genstage.across-nodes: remoteMaxDemand must be >= 1, got: -5",
        assertThrows(IllegalArgumentException.class, () -> with("genstage.across-nodes.max-demand = -5")).getMessage());
  }
}
