package io.genstage.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The suites scanned from core's and interop's test jars run here on Akka 2.8, not on 2.6. */
class AkkaVersionTest {
  @Test
  void theSuitesRunOnAkka28() {
    String version = akka.Version.current();
    assertTrue(version.startsWith("2.8."), "Akka on the test classpath: " + version);
  }
}
