package io.genstage.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.genstage.SubscribeOptions;
import io.genstage.testing.StageTestKit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InteropSmokeTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit();
  static final ActorTestKit testKit = kit.testKit();

  @Test
  void iterableProducerThroughASourceIntoASink() throws Exception {
    var producer = kit.spawn(Producers.fromIterable(IntStream.range(0, 25).boxed().toList()));
    List<Integer> got = StageSource.<Integer>from(producer, SubscribeOptions.defaults().withMaxDemand(10))
        .runWith(Sink.seq(), testKit.system()).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(IntStream.range(0, 25).boxed().toList(), got);
  }

  @Test
  void sourceIntoAProducerAndBackOut() throws Exception {
    var producer = Producers.fromSource(Source.range(1, 100), OnCancel.STOP, testKit.system());
    List<Integer> got = StageSource.<Integer>from(producer, SubscribeOptions.defaults().withMaxDemand(7))
        .runWith(Sink.seq(), testKit.system()).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(IntStream.rangeClosed(1, 100).boxed().toList(), got);
  }

  @Test
  void javaStreamOfAProducer() {
    var producer = kit.spawn(Producers.fromStream(() -> Stream.iterate(0, i -> i + 1)));
    try (Stream<Integer> s = StageStreams.stream(testKit.system(),
        io.genstage.SubscribeTo.of(producer, SubscribeOptions.defaults().withMaxDemand(100)))) {
      assertEquals(IntStream.range(0, 300).boxed().toList(), s.limit(300).collect(Collectors.toList()));
    }
  }
}
