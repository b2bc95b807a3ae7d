package io.genstage.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.pattern.StatusReply;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializers;
import io.genstage.CallFrom;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.DemandMode;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.cluster.internal.ProtocolSerializer;
import io.genstage.internal.StageCommand;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import io.genstage.protocol.SubscriptionTag;
import java.io.NotSerializableException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every message that crosses nodes survives the protocol serializer, values inside included. */
class ProtocolSerializerTest {
  /** Logs are printed only for a failing test. */
  @org.junit.jupiter.api.extension.RegisterExtension
  static final io.genstage.testing.LogCapturing logs = new io.genstage.testing.LogCapturing();

  static final ActorTestKit testKit = ActorTestKit.create();
  static final Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final ActorRef<Object> a = testKit.createTestProbe().getRef();
  private final ActorRef<Object> b = testKit.createTestProbe().getRef();
  private final SubscriptionTag tag = SubscriptionTag.create();

  private static Object roundTrip(Object message) throws NotSerializableException {
    var serializer = serialization.findSerializerFor(message);
    assertEquals(ProtocolSerializer.IDENTIFIER, serializer.identifier(), "bound by reference.conf: " + message);
    byte[] bytes = serializer.toBinary(message);
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
  }

  private static void assertRoundTrips(Object message) throws NotSerializableException {
    assertEquals(message, roundTrip(message));
  }

  @Test
  void theSubscriptionProtocolRoundTrips() throws Exception {
    SubscribeOptions<Object> options = SubscribeOptions.defaults().withDemand(100, 20).withCancel(CancelMode.LAST)
        .withPartition("even");
    assertRoundTrips(new ProducerMessage.Subscribe<>(a.unsafeUpcast(), tag, options, null, null));
    assertRoundTrips(new ProducerMessage.Subscribe<>(a.unsafeUpcast(), tag, SubscribeOptions.defaults(),
        SubscriptionTag.create(), CancelReason.of("replaced")));
    assertRoundTrips(new ProducerMessage.Ask<>(a.unsafeUpcast(), tag, Long.MAX_VALUE));
    assertRoundTrips(new ProducerMessage.Cancel<>(a.unsafeUpcast(), tag, CancelReason.SHUTDOWN));
    assertRoundTrips(new ConsumerMessage.Cancelled<>(b.unsafeUpcast(), tag, CancelReason.UNKNOWN_SUBSCRIPTION));
    assertRoundTrips(new Subscription(a, b, tag));
    assertRoundTrips(new ProducerMessage.Subscribe<>(a.unsafeUpcast(), tag,
        SubscribeOptions.defaults().withRemoteDemand(10_000, 7_500), null, null));
    assertRoundTrips(new ProducerMessage.AskUpTo<>(a.unsafeUpcast(), tag, 500, 1500));
    assertRoundTrips(new ConsumerMessage.NumberedEvents<>(b.unsafeUpcast(), tag, 501, List.of(1, 2L, "three")));
    assertRoundTrips(new ConsumerMessage.NumberedEvents<>(b.unsafeUpcast(), tag, 1501, List.of()));
    assertRoundTrips(new StageCommand.CancelUpstream(tag, CancelReason.NORMAL));
  }

  @Test
  void eventsKeepTheirTypesMixedOrNot() throws Exception {
    assertRoundTrips(new ConsumerMessage.Events<>(b.unsafeUpcast(), tag, List.of(1, 2, 3)));
    assertRoundTrips(new ConsumerMessage.Events<>(b.unsafeUpcast(), tag, List.<Object>of(1L, "two", 3, 4L)));
    // Types Akka serializes (here its Done), and strings beyond writeUTF's 65535 bytes.
    String long70k = "x".repeat(70_000);
    assertRoundTrips(new ConsumerMessage.Events<>(b.unsafeUpcast(), tag,
        List.<Object>of(akka.Done.getInstance(), akka.Done.getInstance(), long70k, 5, "é")));
    assertRoundTrips(new ConsumerMessage.Events<>(b.unsafeUpcast(), tag, List.of()));
    var events = (ConsumerMessage.Events<?>) roundTrip(new ConsumerMessage.Events<>(b.unsafeUpcast(), tag, List.of(7L)));
    assertInstanceOf(Long.class, events.events().get(0), "a Long stays a Long");
  }

  @Test
  void reasonsCrossAsValuesAndAFailureAsItsClassAndMessage() throws Exception {
    for (CancelReason reason : CancelReason.Standard.values()) {
      assertRoundTrips(new StageCommand.Stop(reason));
    }
    assertRoundTrips(new StageCommand.StageEnded(CancelReason.of("bye")));
    assertRoundTrips(new StageCommand.Stop(CancelReason.noConnection("akka://GenStageCluster@127.0.0.1:25520")));
    var ended = (StageCommand.StageEnded) roundTrip(
        new StageCommand.StageEnded(CancelReason.failure(new IllegalStateException("input file missing"))));
    var failure = assertInstanceOf(CancelReason.Failure.class, ended.reason());
    var remote = assertInstanceOf(RemoteFailureException.class, failure.cause());
    assertEquals("java.lang.IllegalStateException", remote.className());
    assertEquals("input file missing", remote.originalMessage());
    assertEquals("java.lang.IllegalStateException: input file missing", remote.getMessage());
    // Passed on again, it is still the original's class and message.
    var again = (StageCommand.StageEnded) roundTrip(ended);
    assertEquals("java.lang.IllegalStateException",
        ((RemoteFailureException) ((CancelReason.Failure) again.reason()).cause()).className());
  }

  @Test
  void theRequestsBehindGenStagesHelpersRoundTrip() throws Exception {
    ActorRef<StatusReply<Object>> replyTo = testKit.<StatusReply<Object>>createTestProbe().getRef();
    assertRoundTrips(new StageCommand.SubscribeRequest(a, SubscribeOptions.defaults(), null, null, replyTo.unsafeUpcast()));
    assertRoundTrips(new StageCommand.SubscribeRequest(a, SubscribeOptions.defaults(), null, null, null));
    assertRoundTrips(new StageCommand.SubscribeRequest(a, null, null, null, null)); // options from configuration
    assertRoundTrips(new StageCommand.Call("hello", new CallFrom(replyTo)));
    assertRoundTrips(new StageCommand.InfoRequest(42, replyTo.unsafeUpcast()));
    assertRoundTrips(new StageCommand.InfoRequest("info", null));
    assertRoundTrips(new StageCommand.GetDemandMode(replyTo.unsafeUpcast()));
    assertRoundTrips(new StageCommand.SetDemandMode(DemandMode.ACCUMULATE));
    assertRoundTrips(new StageCommand.GetBufferedCount(replyTo.unsafeUpcast()));
    assertRoundTrips(new StageCommand.Drain(CancelReason.NORMAL, Duration.ofMillis(1500)));
    assertRoundTrips(new StageCommand.WatchCompletion(replyTo.unsafeUpcast()));
    assertRoundTrips(DemandMode.FORWARD);
    // Akka writes the StatusReply, this serializer the Subscription inside it.
    StatusReply<Subscription> reply = StatusReply.success(new Subscription(a, b, tag));
    byte[] bytes = serialization.serialize(reply).get();
    var serializer = serialization.findSerializerFor(reply);
    assertEquals(reply, serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, reply)).get());
  }

  @Test
  void whatCannotCrossIsRefusedNamingWhyAndTheFix() {
    var withSelector = new ProducerMessage.Subscribe<>(a.unsafeUpcast(), tag,
        SubscribeOptions.defaults().withSelector(e -> true), null, null);
    var serializer = serialization.findSerializerFor(withSelector);
    var selector = assertThrows(NotSerializableException.class, () -> serializer.toBinary(withSelector));
    assertEquals("a subscription with a selector cannot cross nodes", selector.getMessage());

    record Unbound(int x) {}
    var batch = new ConsumerMessage.Events<>(b.unsafeUpcast(), tag, List.of(new Unbound(1)));
    var unbound = assertThrows(NotSerializableException.class, () -> serializer.toBinary(batch));
    assertTrue(unbound.getMessage().startsWith("no serializer for [" + Unbound.class.getName() + "]"), unbound.getMessage());
    assertTrue(unbound.getMessage().contains("serialization-bindings"), unbound.getMessage());

    var local = new StageCommand.PeerDown(a);
    assertThrows(IllegalArgumentException.class, () -> serializer.toBinary(local));
  }

  @Test
  void extrasAndPartitionsKeepTheirValues() throws Exception {
    SubscribeOptions<Object> options = SubscribeOptions.defaults().withPartition(3).withExtra("weight", 2L);
    var back = (ProducerMessage.Subscribe<?>) roundTrip(new ProducerMessage.Subscribe<>(a.unsafeUpcast(), tag, options, null, null));
    assertEquals(options, back.options());
    assertInstanceOf(Integer.class, back.options().partition());
  }
}
