package io.genstage.interop.tck;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.Consumer;
import io.genstage.ConsumerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.interop.FlowAdapters;
import java.util.List;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.annotations.Listeners;

/**
 * The Reactive Streams TCK against {@link FlowAdapters#subscriber}: each subscriber feeds a fresh
 * consumer stage that drops its events and keeps asking, so the subscriber signals demand as the
 * consumer's asks reach it.
 */
@Listeners(TckHarness.class)
public class StageSubscriberTckTest extends FlowSubscriberBlackboxVerification<Integer> {
  private static final long TIMEOUT_MILLIS = 400;

  /** Looked up at each use: the harness makes it on first use and shuts it down after the suite. */
  private static ActorTestKit testKit() {
    return TckHarness.testKitFor(StageSubscriberTckTest.class);
  }

  /** A consumer that drops every event; in automatic ask mode it asks again after each batch. */
  static final class Dropper extends Consumer<Integer, Void> {
    @Override
    protected void handleEvents(List<Integer> events, Subscription from) {}
  }

  public StageSubscriberTckTest() {
    super(new TestEnvironment(TIMEOUT_MILLIS));
  }

  @Override
  public Flow.Subscriber<Integer> createFlowSubscriber() {
    var spec = Stages.<Integer, Void>consumer(Dropper::new);
    ConsumerRef<Integer, Void> consumer = spec.ref(testKit().spawn(spec.behavior()));
    return FlowAdapters.subscriber(consumer, SubscribeOptions.defaults().withMaxDemand(8), testKit().system());
  }

  @Override
  public Integer createElement(int element) {
    return element;
  }
}
