package io.genstage.internal;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import java.time.Duration;

/**
 * INTERNAL API. The wall clock to a tenth of a second, for the time of a stage's last batch in
 * {@code StageStats}: reading the system clock on every batch costs a pipeline with small batches
 * about a seventh of its speed (PipelineBenchmark at maxDemand 10), reading this costs a field. One
 * per actor system, set by a task on its scheduler.
 */
@InternalApi
public final class CoarseClock implements Extension {
  static final Duration RESOLUTION = Duration.ofMillis(100);

  private volatile long millis = System.currentTimeMillis();

  private CoarseClock(ActorSystem<?> system) {
    system.scheduler().scheduleAtFixedRate(RESOLUTION, RESOLUTION, () -> millis = System.currentTimeMillis(),
        system.executionContext());
  }

  /** The wall clock's milliseconds, at most {@link #RESOLUTION} behind. */
  long millis() {
    return millis;
  }

  static CoarseClock get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  static final class Id extends ExtensionId<CoarseClock> {
    static final Id INSTANCE = new Id();

    @Override
    public CoarseClock createExtension(ActorSystem<?> system) {
      return new CoarseClock(system);
    }
  }
}
