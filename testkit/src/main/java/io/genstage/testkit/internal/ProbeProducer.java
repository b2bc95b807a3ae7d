package io.genstage.testkit.internal;

import akka.actor.typed.ActorRef;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.Producer;
import io.genstage.StageKind;
import io.genstage.AskMode;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.dispatch.ConsumerHandle;
import io.genstage.dispatch.DemandDispatcher;
import io.genstage.dispatch.Dispatcher;
import io.genstage.dispatch.DispatcherFactory;
import io.genstage.internal.InternalApi;
import java.time.Duration;
import java.util.List;

/**
 * INTERNAL API. The stage behind a {@code ProducerProbe}: a producer with a demand dispatcher that
 * reports each subscription, ask and cancel, and emits (or ends) when its test says so.
 */
@InternalApi
public final class ProbeProducer<T> extends Producer<T, ProbeProducer.Command<T>> {

  /** What the test tells the stage. */
  public sealed interface Command<T> {}

  /** Emit {@code events}: to the consumers that asked, the rest into the buffer. */
  public record Emit<T>(List<T> events) implements Command<T> {}

  /**
   * Stop with {@code reason}, the consumers cancelled with it: once the buffer has drained, within
   * {@code drain}, or at once if {@code drain} is null.
   */
  public record End<T>(CancelReason reason, Duration drain) implements Command<T> {}

  private final ActorRef<ProbeReport> report;

  public ProbeProducer(ActorRef<ProbeReport> report) {
    this.report = report;
  }

  /** A demand dispatcher that reports each ask before it counts it. */
  public static <T> DispatcherFactory<T> dispatcher(ActorRef<ProbeReport> report) {
    return context -> {
      Dispatcher<T> demand = new DemandDispatcher<>(context);
      return new Dispatcher<T>() {
        @Override
        public long subscribe(SubscribeOptions<?> options, ConsumerHandle<T> consumer) {
          return demand.subscribe(options, consumer);
        }

        @Override
        public long cancel(ConsumerHandle<T> consumer) {
          return demand.cancel(consumer);
        }

        @Override
        public long ask(long n, ConsumerHandle<T> consumer) {
          report.tell(new ProbeReport.Asked(consumer.tag(), n));
          return demand.ask(n, consumer);
        }

        @Override
        public List<T> dispatch(List<T> events) {
          return demand.dispatch(events);
        }

        @Override
        public void info(Object info) {
          demand.info(info);
        }
      };
    };
  }

  @Override
  protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
    report.tell(new ProbeReport.Subscribed(from, options));
    return AskMode.AUTOMATIC;
  }

  @Override
  protected List<T> handleDemand(long demand) {
    return List.of(); // the test emits
  }

  @Override
  protected List<T> handleCancel(Cancellation cancellation, Subscription from) {
    report.tell(new ProbeReport.Cancelled(from, cancellation.reason()));
    return List.of();
  }

  @Override
  protected List<T> handleCast(Command<T> command) {
    if (command instanceof Emit<T> e) {
      return e.events();
    }
    End<T> end = (End<T>) command;
    if (end.drain() == null) {
      context().stop(end.reason());
    } else {
      context().stopWhenDrained(end.reason(), end.drain());
    }
    return List.of();
  }
}
