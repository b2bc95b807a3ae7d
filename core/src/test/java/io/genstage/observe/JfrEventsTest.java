package io.genstage.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.actor.testkit.typed.javadsl.TestProbe;
import com.typesafe.config.ConfigFactory;
import io.genstage.CancelReason;
import io.genstage.ConsumerRef;
import io.genstage.GenStage;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.StageRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.Subscription;
import io.genstage.fixtures.Emit;
import io.genstage.fixtures.AskWhenTold;
import io.genstage.fixtures.Told;
import io.genstage.testing.StageTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stages' JFR events, recorded around a small pipeline and read back from the file. */
class JfrEventsTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit(
      ConfigFactory.parseString("genstage.stall-detection.after = 1s").withFallback(ManualTime.config()));
  static final ActorTestKit testKit = kit.testKit();
  static final ManualTime time = ManualTime.get(testKit.system());

  private static StageStats stats(StageRef<?> stage) {
    return GenStage.stats(testKit.system(), stage).toCompletableFuture().join();
  }

  /** A producer that fails when told to emit a negative number. */
  static final class Fragile extends Told<Integer> {
    @Override
    protected List<Integer> handleCast(Emit<Integer> command) {
      if (command.events().get(0) < 0) {
        throw new IllegalStateException("negative");
      }
      return command.events();
    }
  }

  @Test
  void subscribeCancelDiscardStallAndFailureAreRecorded() throws Exception {
    Path file = Files.createTempFile("genstage", ".jfr");
    ProducerRef<Integer, Emit<Integer>> producer;
    ConsumerRef<Integer, Long> consumer;
    ProducerRef<Integer, Emit<Integer>> fragile;
    try (Recording recording = new Recording()) {
      for (String name : List.of("Subscribe", "Cancel", "BufferDiscard", "Stall", "StageFailure")) {
        recording.enable("io.genstage." + name);
      }
      recording.start();

      producer = kit.spawn(Stages.producer(Told<Integer>::new, ProducerOptions.defaults().withBufferSize(2)));
      TestProbe<List<Integer>> received = testKit.createTestProbe();
      consumer = kit.spawn(Stages.consumer(() -> new AskWhenTold<Integer>(received.getRef()),
          SubscribeTo.of(producer, SubscribeOptions.defaults().withDemand(4, 2))));
      GenStage.cast(producer, new Emit<>(List.of(1, 2, 3, 4, 5))); // no demand: 3 of 5 discarded
      assertEquals(2, stats(producer).buffered());
      time.timePasses(Duration.ofSeconds(1));
      time.timePasses(Duration.ofSeconds(1));
      assertEquals(2, stats(producer).buffered()); // the stall is checked before this answer
      Subscription subscription = new Subscription(producer.actor(), consumer.actor(),
          stats(consumer).producers().get(0).tag());
      TestProbe<CancelReason> ended = testKit.createTestProbe();
      GenStage.completion(testKit.system(), consumer).thenAccept(ended.getRef()::tell);
      GenStage.cancel(subscription, CancelReason.NORMAL); // permanent: the consumer stops
      assertEquals(CancelReason.NORMAL, ended.receiveMessage());

      fragile = kit.spawn(Stages.producer(Fragile::new));
      TestProbe<Throwable> failed = testKit.createTestProbe();
      GenStage.completion(testKit.system(), fragile).whenComplete((reason, error) -> failed.getRef().tell(error));
      LoggingTestKit.error(IllegalStateException.class).expect(testKit.system(), () -> {
        GenStage.cast(fragile, new Emit<>(List.of(-1)));
        return failed.receiveMessage();
      });
      // Both sides' cancels are recorded once the producer has seen its consumer go.
      testKit.createTestProbe().awaitAssert(() -> {
        assertEquals(List.of(), stats(producer).consumers());
        return null;
      });
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    Files.delete(file);

    String p = producer.actor().path().toString();
    String c = consumer.actor().path().toString();
    RecordedEvent subscribe = only(events, "io.genstage.Subscribe", c);
    assertEquals(p, subscribe.getString("producer"));
    assertEquals(4, subscribe.getInt("maxDemand"));
    assertEquals(2, subscribe.getInt("minDemand"));

    RecordedEvent discard = only(events, "io.genstage.BufferDiscard", p);
    assertEquals(3, discard.getInt("discarded"));
    assertEquals(2, discard.getInt("bufferSize"));
    assertEquals(3, discard.getLong("discardedTotal"));

    RecordedEvent stall = only(events, "io.genstage.Stall", p);
    assertEquals(2, stall.getLong("heldEvents"));
    assertEquals(0, stall.getLong("pendingDemand"));
    assertEquals(1000, stall.getLong("stalledFor"));
    assertTrue(stall.getString("peer").contains(c), stall.getString("peer"));

    RecordedEvent consumerSaw = only(events, "io.genstage.Cancel", c);
    RecordedEvent producerSaw = only(events, "io.genstage.Cancel", p);
    assertEquals(subscribe.getString("tag"), consumerSaw.getString("tag"));
    assertEquals(subscribe.getString("tag"), producerSaw.getString("tag"));
    assertEquals(p, consumerSaw.getString("peer"));
    assertEquals(c, producerSaw.getString("peer"));
    assertEquals(CancelReason.NORMAL.toString(), consumerSaw.getString("reason"));
    assertEquals(false, consumerSaw.getBoolean("down"));

    RecordedEvent failure = only(events, "io.genstage.StageFailure", fragile.actor().path().toString());
    assertEquals("PRODUCER", failure.getString("kind"));
    assertTrue(failure.getString("reason").contains("negative"), failure.getString("reason"));
  }

  /** The one event of type {@code type} that {@code stage} recorded. */
  private static RecordedEvent only(List<RecordedEvent> events, String type, String stage) {
    String field = type.equals("io.genstage.Subscribe") ? "consumer" : "stage";
    List<RecordedEvent> found = events.stream()
        .filter(e -> e.getEventType().getName().equals(type) && stage.equals(e.getString(field)))
        .collect(Collectors.toList());
    assertEquals(1, found.size(), type + " of " + stage + ": " + found);
    return found.get(0);
  }
}
