package io.genstage.testing;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.StageRef;
import io.genstage.StageSpec;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's actor system as a JUnit 5 extension: one {@link ActorTestKit} per class, shut down
 * after its last test, with {@link LogCapturing} (logs printed only for a failing test).
 *
 * <pre>{@code
 * @RegisterExtension static final StageTestKit kit = new StageTestKit();
 * static final ActorTestKit testKit = kit.testKit();
 * }</pre>
 */
public final class StageTestKit extends LogCapturing implements AfterAllCallback {
  private final ActorTestKit testKit;

  public StageTestKit() {
    this.testKit = ActorTestKit.create();
  }

  /** A kit whose actor system runs with {@code config}, e.g. {@code ManualTime.config()}. */
  public StageTestKit(com.typesafe.config.Config config) {
    this.testKit = ActorTestKit.create(config.withFallback(com.typesafe.config.ConfigFactory.load()));
  }

  public ActorTestKit testKit() {
    return testKit;
  }

  /** Spawns the stage of {@code spec} as a top-level actor and returns its typed reference. */
  public <R extends StageRef<C>, C> R spawn(StageSpec<R, C> spec) {
    return spec.ref(testKit.spawn(spec.behavior()));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    testKit.shutdownTestKit();
  }
}
