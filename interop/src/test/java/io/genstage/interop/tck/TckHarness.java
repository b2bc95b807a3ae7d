package io.genstage.interop.tck;

import akka.actor.testkit.typed.internal.CapturingAppender;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.testng.IInvokedMethod;
import org.testng.IInvokedMethodListener;
import org.testng.ISuite;
import org.testng.ISuiteListener;
import org.testng.ITestResult;
import org.testng.SkipException;

/**
 * What the TCK classes share, as a TestNG listener ({@code @Listeners(TckHarness.class)}): each
 * class's actor system, shut down after the suite, and the TestNG counterpart of
 * {@code LogCapturing}: logs are printed only for a failing test, and dropped after each.
 */
public final class TckHarness implements IInvokedMethodListener, ISuiteListener {
  private static final Map<Class<?>, ActorTestKit> testKits = new ConcurrentHashMap<>();

  /**
   * The actor system of {@code testClass}, named after it, made on first use. Not to be kept in a
   * static field: the JUnit Platform's TestNG engine runs the listeners once while discovering.
   */
  static ActorTestKit testKitFor(Class<?> testClass) {
    return testKits.computeIfAbsent(testClass, c -> ActorTestKit.create(c.getSimpleName()));
  }

  @Override
  public void afterInvocation(IInvokedMethod method, ITestResult result) {
    if (!method.isTestMethod()) {
      return;
    }
    CapturingAppender appender = CapturingAppender.get("");
    // The TCK's untested rules throw SkipException, which this listener still sees as a failure.
    if (result.getStatus() == ITestResult.FAILURE && !(result.getThrowable() instanceof SkipException)) {
      System.out.println("--- logs of failed test " + result.getName() + " ---");
      appender.flush();
    }
    appender.clear();
  }

  // After the whole suite rather than after each class: TestNG's class listeners can run before a
  // class's last test under the JUnit Platform engine.
  @Override
  public void onFinish(ISuite suite) {
    testKits.values().removeIf(testKit -> {
      testKit.shutdownTestKit();
      return true;
    });
  }
}
