package io.genstage.interop.tck;

import akka.actor.testkit.typed.internal.CapturingAppender;
import org.testng.ITestResult;

/**
 * The TestNG counterpart of {@code LogCapturing} for the TCK classes: logs are printed only for a
 * failing test, and dropped after each.
 */
final class TckLogs {
  private TckLogs() {}

  static void afterTest(ITestResult result) {
    CapturingAppender appender = CapturingAppender.get("");
    if (result.getStatus() == ITestResult.FAILURE) {
      System.out.println("--- logs of failed test " + result.getName() + " ---");
      appender.flush();
    }
    appender.clear();
  }
}
