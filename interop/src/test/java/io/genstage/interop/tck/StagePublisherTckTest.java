package io.genstage.interop.tck;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.ProducerRef;
import io.genstage.SubscribeOptions;
import io.genstage.interop.FlowAdapters;
import io.genstage.interop.Producers;
import java.util.concurrent.Flow;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.SkipException;
import org.testng.annotations.Listeners;
import org.testng.annotations.Test;

/**
 * The Reactive Streams TCK against {@link FlowAdapters#publisher}: each publisher is a fresh
 * {@link Producers#fromStream} producer of exactly {@code n} longs (an endless one for
 * {@code Long.MAX_VALUE}). A small {@code maxDemand} makes the relay ask the producer in many
 * rounds, so that the relay's demand bookkeeping is exercised too.
 */
@Listeners(TckHarness.class)
public class StagePublisherTckTest extends FlowPublisherVerification<Long> {
  private static final long TIMEOUT_MILLIS = 400;

  // Rule 1.11 (multicast) is optional: each subscriber gets its own subscription to the producer,
  // whose DemandDispatcher splits the events between its subscribers instead of sending each all.
  private static final String UNICAST =
      "each subscriber gets its own subscription to a DemandDispatcher producer, which splits events between subscribers";

  /** Looked up at each use: the harness makes it on first use and shuts it down after the suite. */
  private static ActorTestKit testKit() {
    return TckHarness.testKitFor(StagePublisherTckTest.class);
  }

  public StagePublisherTckTest() {
    super(new TestEnvironment(TIMEOUT_MILLIS));
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    var spec = Producers.<Long>fromStream(() -> elements == Long.MAX_VALUE
        ? Stream.iterate(0L, i -> i + 1)
        : LongStream.range(0, elements).boxed());
    ProducerRef<Long, Void> producer = spec.ref(testKit().spawn(spec.behavior()));
    return FlowAdapters.publisher(producer, SubscribeOptions.defaults().withMaxDemand(16), testKit().system());
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    var spec = Producers.<Long>fromStream(() -> Stream.iterate(0L, i -> i + 1));
    ProducerRef<Long, Void> producer = spec.ref(testKit().spawn(spec.behavior()));
    testKit().stop(producer.actor()); // returns once the actor has terminated
    return FlowAdapters.publisher(producer, testKit().system());
  }

  @Override
  @Test
  public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingOneByOne() {
    throw new SkipException(UNICAST);
  }

  @Override
  @Test
  public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfront() {
    throw new SkipException(UNICAST);
  }

  @Override
  @Test
  public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfrontAndCompleteAsExpected() {
    throw new SkipException(UNICAST);
  }
}
