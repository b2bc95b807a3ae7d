package io.genstage.interop.tck;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.AskMode;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.Consumer;
import io.genstage.ConsumerRef;
import io.genstage.GenStage;
import io.genstage.StageKind;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.interop.FlowAdapters;
import java.util.List;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowSubscriberWhiteboxVerification;
import org.testng.annotations.Listeners;

/**
 * The Reactive Streams TCK's whitebox verification of {@link FlowAdapters#subscriber}. The probe
 * watches the consumer stage behind the subscriber: the stage reports the events it handles and
 * how its subscription ended, and the TCK's puppet makes it ask (manual ask mode) or cancel, so
 * each request the TCK sees really comes from the stage's demand.
 */
@Listeners(TckHarness.class)
public class StageSubscriberWhiteboxTckTest extends FlowSubscriberWhiteboxVerification<Integer> {
  private static final long TIMEOUT_MILLIS = 400;

  /** Looked up at each use: the harness makes it on first use and shuts it down after the suite. */
  private static ActorTestKit testKit() {
    return TckHarness.testKitFor(StageSubscriberWhiteboxTckTest.class);
  }

  sealed interface Command {}

  record Ask(long n) implements Command {}

  enum Cancel implements Command { INSTANCE }

  /** A consumer in manual ask mode that asks and cancels when told, and reports to the probe. */
  static final class Puppet extends Consumer<Integer, Command> {
    private final WhiteboxSubscriberProbe<Integer> probe;
    private Subscription subscription;
    private long pendingAsk;
    private boolean pendingCancel;

    Puppet(WhiteboxSubscriberProbe<Integer> probe) {
      this.probe = probe;
    }

    @Override
    protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
      subscription = from;
      if (pendingAsk > 0) {
        context().ask(from, pendingAsk);
        pendingAsk = 0;
      }
      if (pendingCancel) {
        context().cancel(from, CancelReason.NORMAL);
      }
      return AskMode.MANUAL;
    }

    @Override
    protected void handleEvents(List<Integer> events, Subscription from) {
      events.forEach(probe::registerOnNext);
    }

    @Override
    protected void handleCancel(Cancellation cancellation, Subscription from) {
      if (cancellation.reason() instanceof CancelReason.Failure failure) {
        probe.registerOnError(failure.cause());
      } else if (cancellation.reason().isNormal()) {
        probe.registerOnComplete();
      }
    }

    @Override
    protected void handleCast(Command command) {
      if (command instanceof Ask ask) {
        if (subscription == null) {
          pendingAsk += ask.n();
        } else {
          context().ask(subscription, ask.n());
        }
      } else if (subscription == null) {
        pendingCancel = true;
      } else {
        context().cancel(subscription, CancelReason.NORMAL);
      }
    }
  }

  public StageSubscriberWhiteboxTckTest() {
    super(new TestEnvironment(TIMEOUT_MILLIS));
  }

  @Override
  public Flow.Subscriber<Integer> createFlowSubscriber(WhiteboxSubscriberProbe<Integer> probe) {
    var spec = Stages.<Integer, Command>consumer(() -> new Puppet(probe));
    ConsumerRef<Integer, Command> consumer = spec.ref(testKit().spawn(spec.behavior()));
    // Temporary: the stage outlives the end of its subscription instead of stopping with its reason.
    Flow.Subscriber<Integer> subscriber = FlowAdapters.subscriber(
        consumer, SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY), testKit().system());
    return new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscriber.onSubscribe(subscription);
        probe.registerOnSubscribe(new SubscriberPuppet() {
          @Override
          public void triggerRequest(long elements) {
            GenStage.cast(consumer, new Ask(elements));
          }

          @Override
          public void signalCancel() {
            GenStage.cast(consumer, Cancel.INSTANCE);
          }
        });
      }

      @Override
      public void onNext(Integer element) {
        subscriber.onNext(element);
      }

      @Override
      public void onError(Throwable failure) {
        subscriber.onError(failure);
      }

      @Override
      public void onComplete() {
        subscriber.onComplete();
      }
    };
  }

  @Override
  public Integer createElement(int element) {
    return element;
  }
}
