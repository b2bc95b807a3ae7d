package io.genstage.testkit.internal;

import akka.Done;
import akka.actor.typed.ActorRef;
import io.genstage.AskMode;
import io.genstage.CallFrom;
import io.genstage.Cancellation;
import io.genstage.Consumer;
import io.genstage.StageKind;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.internal.InternalApi;
import java.util.List;

/**
 * INTERNAL API. The stage behind a {@code ConsumerProbe}: a consumer that reports each batch and
 * each end of a subscription, and asks when its test says so (or automatically, if subscribed so).
 */
@InternalApi
public final class ProbeConsumer<T> extends Consumer<T, ProbeConsumer.Command> {

  /** What the test tells the stage. */
  public sealed interface Command {}

  /** Ask {@code demand} more on {@code subscription}, a manual one. */
  public record Ask(Subscription subscription, long demand) implements Command {}

  /** The subscribe options' extra that says who asks: manual unless it is {@link AskMode#AUTOMATIC}. */
  public static final String ASK_MODE = "genstage.testkit.ask-mode";

  private final ActorRef<ProbeReport> report;

  public ProbeConsumer(ActorRef<ProbeReport> report) {
    this.report = report;
  }

  @Override
  protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
    return options.extra(ASK_MODE).filter(AskMode.AUTOMATIC::equals).isPresent() ? AskMode.AUTOMATIC : AskMode.MANUAL;
  }

  @Override
  protected void handleEvents(List<T> events, Subscription from) {
    report.tell(new ProbeReport.Batch(from, List.copyOf(events)));
  }

  @Override
  protected void handleCancel(Cancellation cancellation, Subscription from) {
    report.tell(new ProbeReport.Ended(from, cancellation));
  }

  /** Answers once the ask has left, so that what the test does next comes after it. */
  @Override
  protected void handleCall(Command command, CallFrom from) {
    Ask ask = (Ask) command;
    context().ask(ask.subscription(), ask.demand());
    context().reply(from, Done.getInstance());
  }
}
