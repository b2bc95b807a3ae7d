package io.genstage.testing;

import akka.actor.testkit.typed.internal.CapturingAppender;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** JUnit 5 counterpart of Akka's LogCapturing rule: logs are printed only for a failing test. */
public class LogCapturing implements BeforeTestExecutionCallback, AfterTestExecutionCallback {
  @Override
  public void beforeTestExecution(ExtensionContext context) {
    CapturingAppender.get("").clear();
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    CapturingAppender appender = CapturingAppender.get("");
    if (context.getExecutionException().isPresent()) {
      System.out.println("--- logs of failed test " + context.getDisplayName() + " ---");
      appender.flush();
    }
    appender.clear();
  }
}
