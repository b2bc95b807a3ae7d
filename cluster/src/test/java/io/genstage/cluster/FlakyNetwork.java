package io.genstage.cluster;

import akka.actor.typed.Behavior;
import akka.actor.typed.BehaviorInterceptor;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a stage so that protocol messages from peers on other nodes are lost on their way in: the
 * first of each kind (so that every recovery path runs in every test), then each with probability
 * {@code lossRate}. A stage's messages to itself and from its own node pass. As Akka's own
 * reliable-delivery tests wrap their actors in a "flaky network".
 */
final class FlakyNetwork extends BehaviorInterceptor<Object, Object> {
  private final Random random;
  private final double lossRate;
  private final AtomicInteger dropped;
  private final Set<Class<?>> droppedOnce = new HashSet<>();

  private FlakyNetwork(long seed, double lossRate, AtomicInteger dropped) {
    super(Object.class);
    this.random = new Random(seed);
    this.lossRate = lossRate;
    this.dropped = dropped;
  }

  /** {@code stage} behind a flaky network; {@code dropped} counts what it lost. */
  @SuppressWarnings("unchecked")
  static <C> Behavior<C> around(Behavior<C> stage, long seed, double lossRate, AtomicInteger dropped) {
    Behavior<Object> inner = (Behavior<Object>) (Behavior<?>) stage;
    return (Behavior<C>) (Behavior<?>) Behaviors.intercept(() -> new FlakyNetwork(seed, lossRate, dropped), inner);
  }

  @Override
  public Behavior<Object> aroundReceive(TypedActorContext<Object> ctx, Object msg, ReceiveTarget<Object> target) {
    if (fromAnotherNode(msg) && (droppedOnce.add(msg.getClass()) || random.nextDouble() < lossRate)) {
      dropped.incrementAndGet();
      return Behaviors.same();
    }
    return target.apply(ctx, msg);
  }

  private static boolean fromAnotherNode(Object msg) {
    if (msg instanceof ProducerMessage<?> m) {
      return m.consumer().path().address().hasGlobalScope();
    }
    if (msg instanceof ConsumerMessage<?> m) {
      return m.producer().path().address().hasGlobalScope();
    }
    return false;
  }
}
