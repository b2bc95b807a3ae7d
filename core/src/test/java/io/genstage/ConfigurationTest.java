package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.CoordinatedShutdown;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import com.typesafe.config.ConfigFactory;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.ProducerMessage.Ask;
import io.genstage.protocol.ProducerMessage.Subscribe;
import io.genstage.testing.StageTestKit;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code genstage} section of {@code application.conf}: each key takes effect where code gave
 * no value, and a value in code wins. (The re-ask interval is set and exercised by the cluster
 * module's LossyNetworkTest, the remote window by AcrossNodesTest.)
 */
class ConfigurationTest {
  @RegisterExtension static final StageTestKit kit = new StageTestKit(ConfigFactory.parseString("""
      genstage.ask-timeout = 300ms
      genstage.subscribe.max-demand = 8
      genstage.producer.buffer-size = 3
      genstage.shutdown.drain-timeout = 200ms
      """));
  static final ActorTestKit testKit = kit.testKit();

  private final TestProbe<ProducerMessage<Integer>> producer = testKit.createTestProbe();

  private Ask<?> subscribeAndFirstAsk() {
    assertInstanceOf(Subscribe.class, producer.receiveMessage());
    return assertInstanceOf(Ask.class, producer.receiveMessage());
  }

  @Test
  void anAskGivenNoTimeoutWaitsTheConfiguredOne() {
    var silent = kit.spawn(Stages.producer(AsksTest.Silent::new));
    var failed = assertThrows(ExecutionException.class,
        () -> GenStage.call(testKit.system(), silent, "hello").toCompletableFuture().get(5, TimeUnit.SECONDS));
    var timeout = assertInstanceOf(TimeoutException.class, failed.getCause());
    assertEquals("GenStage.call to stage [" + silent.actor().path() + "] got no answer within [300 ms]",
        timeout.getMessage());
  }

  @Test
  void aSubscriptionWithoutOptionsTakesTheConfiguredDemandAndOptionsInCodeWin() throws Exception {
    kit.spawn(Stages.consumer(AsksTest.Ignoring::new, SubscribeTo.of(ProducerRef.of(producer.getRef()))));
    assertEquals(8, subscribeAndFirstAsk().demand());

    var later = kit.spawn(Stages.consumer(AsksTest.Ignoring::new));
    GenStage.subscribe(testKit.system(), later, ProducerRef.of(producer.getRef())).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertEquals(8, subscribeAndFirstAsk().demand());

    kit.spawn(Stages.consumer(AsksTest.Ignoring::new, SubscribeTo.of(ProducerRef.of(producer.getRef()),
        SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY))));
    assertEquals(1000, subscribeAndFirstAsk().demand());
  }

  @Test
  void aProducerWithoutOptionsBuffersTheConfiguredCountAndOptionsInCodeWin() throws Exception {
    var configured = kit.spawn(Stages.producer(ProtocolTest.Pusher::new));
    var given = kit.spawn(Stages.producer(ProtocolTest.Pusher::new, ProducerOptions.defaults().withBufferSize(4)));
    for (var stage : List.of(configured, given)) {
      GenStage.cast(stage, List.of(1, 2, 3, 4, 5));
    }

    assertEquals(3, GenStage.estimateBufferedCount(testKit.system(), configured).toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertEquals(4, GenStage.estimateBufferedCount(testKit.system(), given).toCompletableFuture().get(5, TimeUnit.SECONDS));
  }

  /** Answers a call with the name of the thread it runs on. */
  static final class WhereAmI extends Producer<Integer, String> {
    @Override
    protected List<Integer> handleDemand(long demand) {
      return List.of();
    }

    @Override
    protected List<Integer> handleCall(String request, CallFrom from) {
      context().reply(from, Thread.currentThread().getName());
      return List.of();
    }
  }

  /** Spawns {@code spec} with {@link StageSpec#spawn} from a parent, and the thread its call runs on. */
  private static String threadOfStageSpawnedBySpec(ActorTestKit on) throws Exception {
    var spec = Stages.producer(WhereAmI::new);
    TestProbe<ProducerRef<Integer, String>> spawned = on.createTestProbe();
    on.spawn(akka.actor.typed.javadsl.Behaviors.setup(ctx -> {
      spawned.getRef().tell(spec.spawn(ctx, "where"));
      return akka.actor.typed.javadsl.Behaviors.empty();
    }));
    return GenStage.<String, String>call(on.system(), spawned.receiveMessage(), "where?")
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void aStageSpawnedBySpecRunsOnTheConfiguredDispatcher() throws Exception {
    assertTrue(threadOfStageSpawnedBySpec(testKit).contains("genstage.default-dispatcher"));

    ActorTestKit elsewhere = ActorTestKit.create("Elsewhere", ConfigFactory.parseString(
        "genstage.dispatcher = akka.actor.default-dispatcher").withFallback(testKit.system().settings().config()));
    try {
      assertTrue(threadOfStageSpawnedBySpec(elsewhere).contains("akka.actor.default-dispatcher"));
    } finally {
      elsewhere.shutdownTestKit();
    }
  }

  @Test
  void aDrainOnShutdownGivenNoTimeoutWaitsTheConfiguredOne() throws Exception {
    ActorTestKit node = ActorTestKit.create("Draining", ConfigFactory.parseString(
        "genstage.shutdown.drain-timeout = 200ms").withFallback(testKit.system().settings().config()));
    var spec = Stages.consumer(AsksTest.Ignoring::new);
    var neverEnds = spec.ref(node.spawn(spec.behavior()));
    GenStage.drainOnShutdown(node.system(), List.of(), List.of(neverEnds));

    LoggingTestKit.warn("did not end cleanly within [200 ms]").expect(node.system(), () -> {
      try {
        return CoordinatedShutdown.get(node.system()).runAll(CoordinatedShutdown.unknownReason())
            .toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }
}
