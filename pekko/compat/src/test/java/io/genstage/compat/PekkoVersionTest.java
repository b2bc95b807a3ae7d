package io.genstage.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The suites scanned from the Pekko flavours' test jars run here on Pekko 1.2, not on 1.1. */
class PekkoVersionTest {
  @Test
  void theSuitesRunOnPekko12() {
    String version = org.apache.pekko.Version.current();
    assertTrue(version.startsWith("1.2."), "Pekko on the test classpath: " + version);
  }
}
