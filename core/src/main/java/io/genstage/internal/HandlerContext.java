package io.genstage.internal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.TimerScheduler;
import io.genstage.CallFrom;
import io.genstage.CancelReason;
import io.genstage.GenStage;
import io.genstage.StageContext;
import io.genstage.Subscription;
import io.genstage.internal.StageCommand.InfoRequest;
import io.genstage.internal.StageCommand.SelfInfo;
import io.genstage.protocol.ProducerMessage;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * INTERNAL API. What a user's handler sees of its stage ({@link StageContext}): it checks what the
 * handler asks for and hands the stage's part (replies, stops, drains, which actors are peers) to the
 * {@link StageActor} it belongs to; the rest is Akka's, through the actor's context and timers.
 */
@InternalApi
final class HandlerContext implements StageContext<Object> {
  private final StageActor stage;
  private final ActorContext<Object> ctx;
  private final TimerScheduler<Object> timers;

  HandlerContext(StageActor stage, ActorContext<Object> ctx, TimerScheduler<Object> timers) {
    this.stage = stage;
    this.ctx = ctx;
    this.timers = timers;
  }

  @Override
  public Logger log() {
    return ctx.getLog();
  }

  @Override
  public ActorRef<Object> self() {
    return ctx.getSelf();
  }

  @Override
  public ActorSystem<Void> system() {
    return ctx.getSystem();
  }

  @Override
  public void ask(Subscription subscription, long demand) {
    if (demand < 1) {
      throw new IllegalArgumentException("demand must be >= 1, got: " + demand);
    }
    if (!stage.askManually(subscription, demand)) {
      ActorRef<ProducerMessage<Object>> producer = Refs.narrow(subscription.producer());
      producer.tell(new ProducerMessage.Ask<>(Refs.narrow(subscription.consumer()), subscription.tag(), demand));
    }
  }

  @Override
  public void acknowledge(Subscription subscription, long count) {
    Objects.requireNonNull(subscription, "subscription");
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got: " + count);
    }
    stage.acknowledge(subscription, count);
  }

  @Override
  public void cancel(Subscription subscription, CancelReason reason) {
    GenStage.cancel(subscription, reason);
  }

  @Override
  public void reply(CallFrom from, Object value) {
    stage.replyAfterEvents(from, value);
  }

  @Override
  public void stop(CancelReason reason) {
    stage.requestStop(Objects.requireNonNull(reason, "reason"));
  }

  @Override
  public void stopWhenDrained(CancelReason reason, Duration timeout) {
    stage.drain(new StageCommand.Drain(reason, timeout));
  }

  @Override
  public void info(Object info) {
    ctx.getSelf().tell(new InfoRequest(info, null));
  }

  @Override
  public void startSingleTimer(Object key, Object info, Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must be >= 0, got: " + delay);
    }
    timers.startSingleTimer(key, new SelfInfo(info), delay);
  }

  @Override
  public void cancelTimer(Object key) {
    timers.cancel(key);
  }

  @Override
  public <T> ActorRef<T> spawnAnonymous(Behavior<T> behavior, Props props) {
    return ctx.spawnAnonymous(behavior, props);
  }

  @Override
  public void watch(ActorRef<?> actor) {
    if (stage.isPeer(actor)) {
      throw new IllegalArgumentException("stage " + stage.name() + " already watches its peer " + actor);
    }
    ctx.watch(actor);
  }

  @Override
  public void unwatch(ActorRef<?> actor) {
    if (!stage.isPeer(actor)) {
      ctx.unwatch(actor);
    }
  }

  @Override
  public void stopChild(ActorRef<?> child) {
    ctx.stop(child);
  }
}
