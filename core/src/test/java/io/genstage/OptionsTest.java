package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorRef;
import io.genstage.dispatch.ConsumerHandle;
import io.genstage.dispatch.DemandDispatcher;
import io.genstage.dispatch.DispatcherContext;
import io.genstage.protocol.ConsumerMessage;
import io.genstage.protocol.ProducerMessage;
import java.util.List;
import io.genstage.protocol.SubscriptionTag;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Validation of the options records and protocol messages: exact error texts, defaults, immutability. */
class OptionsTest {

  static void assertIae(String message, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(message, e.getMessage());
  }

  static void assertNpe(String field, Executable call) {
    NullPointerException e = assertThrows(NullPointerException.class, call);
    assertEquals(field, e.getMessage());
  }

  /** An actor ref that is never used: the message records only check it is present. */
  @SuppressWarnings("unchecked")
  static <T> ActorRef<T> unusedRef() {
    return (ActorRef<T>) Proxy.newProxyInstance(
        OptionsTest.class.getClassLoader(),
        new Class<?>[] {ActorRef.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "toString" -> "unused-ref";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  static final DispatcherContext CONTEXT = new DispatcherContext() {
    @Override
    public void deliverInfo(Object info) {}

    @Override
    public void askOnBehalf(ConsumerHandle<?> consumer, long demand) {}

    @Override
    public void produceMore(long demand) {}

    @Override
    public void cancel(ConsumerHandle<?> consumer, CancelReason reason) {}

    @Override
    public Logger log() {
      return LoggerFactory.getLogger(OptionsTest.class);
    }

    @Override
    public String producerName() {
      return "options-test";
    }
  };

  // ------------------------------------------------------------------ SubscribeOptions

  @Test
  void subscribeOptionsDefaults() {
    SubscribeOptions<Object> o = SubscribeOptions.defaults();
    assertEquals(1000, o.maxDemand());
    assertEquals(500, o.minDemand());
    assertEquals(CancelMode.PERMANENT, o.cancel());
    assertNull(o.partition());
    assertNull(o.selector());
    assertEquals(Map.of(), o.extras());
    assertEquals(1000, SubscribeOptions.DEFAULT_MAX_DEMAND);
  }

  @Test
  void maxDemandBelowOneIsRejected() {
    assertIae("maxDemand must be >= 1, got: 0", () -> SubscribeOptions.defaults().withMaxDemand(0));
    assertIae("maxDemand must be >= 1, got: -3", () -> SubscribeOptions.defaults().withMaxDemand(-3));
    assertIae("maxDemand must be >= 1, got: 0", () -> SubscribeOptions.defaults().withDemand(0, 0));
    assertIae("maxDemand must be >= 1, got: 0",
        () -> new SubscribeOptions<>(0, 0, 0, 0, Delivery.AT_MOST_ONCE, false, CancelMode.PERMANENT, null, null, Map.of()));
  }

  @Test
  void minDemandAboveMaxMinusOneIsRejected() {
    assertIae("minDemand must be <= 999 (maxDemand - 1), got: 1000",
        () -> SubscribeOptions.defaults().withMinDemand(1000));
    assertIae("minDemand must be <= 999 (maxDemand - 1), got: 5000",
        () -> SubscribeOptions.defaults().withMinDemand(5000));
    assertIae("minDemand must be <= 4 (maxDemand - 1), got: 5", () -> SubscribeOptions.defaults().withDemand(5, 5));
    assertIae("minDemand must be <= 0 (maxDemand - 1), got: 1", () -> SubscribeOptions.defaults().withDemand(1, 1));
    // The bounds themselves are accepted.
    assertEquals(999, SubscribeOptions.defaults().withMinDemand(999).minDemand());
    assertEquals(0, SubscribeOptions.defaults().withMinDemand(0).minDemand());
  }

  @Test
  void negativeMinDemandIsRejected() {
    assertIae("minDemand must be >= 0, got: -1", () -> SubscribeOptions.defaults().withMinDemand(-1));
    assertIae("minDemand must be >= 0, got: -7", () -> SubscribeOptions.defaults().withDemand(10, -7));
  }

  @Test
  void withMaxDemandResetsMinDemandToHalf() {
    assertEquals(5, SubscribeOptions.defaults().withMaxDemand(10).minDemand());
    assertEquals(10, SubscribeOptions.defaults().withMaxDemand(10).maxDemand());
    assertEquals(1, SubscribeOptions.defaults().withMaxDemand(3).minDemand());
    assertEquals(1, SubscribeOptions.defaults().withMaxDemand(2).minDemand());
    SubscribeOptions<Object> one = SubscribeOptions.defaults().withMaxDemand(1);
    assertEquals(1, one.maxDemand());
    assertEquals(0, one.minDemand());

    // A minDemand set before is replaced, and the other fields are kept.
    SubscribeOptions<Object> o = SubscribeOptions.defaults()
        .withMinDemand(900)
        .withCancel(CancelMode.TEMPORARY)
        .withExtra("k", "v")
        .withMaxDemand(10);
    assertEquals(10, o.maxDemand());
    assertEquals(5, o.minDemand());
    assertEquals(CancelMode.TEMPORARY, o.cancel());
    assertEquals(Map.of("k", "v"), o.extras());
  }

  @Test
  void withDemandSetsBothBounds() {
    SubscribeOptions<Object> o = SubscribeOptions.defaults().withDemand(100, 80);
    assertEquals(100, o.maxDemand());
    assertEquals(80, o.minDemand());
    SubscribeOptions<Object> p = o.withMinDemand(3);
    assertEquals(100, p.maxDemand());
    assertEquals(3, p.minDemand());
    assertEquals(80, o.minDemand()); // the original is unchanged
  }

  @Test
  void theRemoteWindowIsTheLocalOneUntilSetAndIsValidatedAlike() {
    SubscribeOptions<Object> local = SubscribeOptions.defaults().withDemand(10, 5);
    assertEquals(10, local.maxDemandAcrossNodes());
    assertEquals(5, local.minDemandAcrossNodes());

    SubscribeOptions<Object> remote = local.withRemoteDemand(10_000, 7_500).withMaxDemand(20);
    assertEquals(10_000, remote.maxDemandAcrossNodes());
    assertEquals(7_500, remote.minDemandAcrossNodes());
    assertEquals(20, remote.maxDemand(), "the local window is kept apart");

    assertIae("remoteMaxDemand must be >= 1, got: 0", () -> local.withRemoteDemand(0, 0));
    assertIae("remoteMinDemand must be in 0..99 (remoteMaxDemand - 1), got: 100", () -> local.withRemoteDemand(100, 100));
    assertIae("remoteMinDemand must be in 0..99 (remoteMaxDemand - 1), got: -1", () -> local.withRemoteDemand(100, -1));
    assertIae("remoteMinDemand must be 0 while remoteMaxDemand is 0, got: 3",
        () -> new SubscribeOptions<>(10, 5, 0, 3, Delivery.AT_MOST_ONCE, false, CancelMode.PERMANENT, null, null, Map.of()));
  }

  @Test
  void withCancelSetsTheMode() {
    assertEquals(CancelMode.TRANSIENT, SubscribeOptions.defaults().withCancel(CancelMode.TRANSIENT).cancel());
    assertEquals(CancelMode.PERMANENT, SubscribeOptions.defaults().cancel());
    assertNpe("cancel", () -> SubscribeOptions.defaults().withCancel(null));
  }

  @Test
  void extrasAreReadableAndImmutable() {
    SubscribeOptions<Object> base = SubscribeOptions.defaults();
    SubscribeOptions<Object> o = base.withExtra("tag", 42).withExtra("name", "x");
    assertEquals(Optional.of(42), o.extra("tag"));
    assertEquals(Optional.of("x"), o.extra("name"));
    assertEquals(Optional.empty(), o.extra("missing"));
    assertEquals(Map.of("tag", 42, "name", "x"), o.extras());
    // withExtra makes new options: the originals are unchanged.
    assertEquals(Map.of(), base.extras());
    assertEquals(Optional.empty(), base.extra("tag"));
    // Replacing a key.
    assertEquals(Optional.of(43), o.withExtra("tag", 43).extra("tag"));
    assertEquals(Optional.of(42), o.extra("tag"));

    assertThrows(UnsupportedOperationException.class, () -> o.extras().put("other", 1));
    assertThrows(UnsupportedOperationException.class, () -> o.extras().remove("tag"));

    // A map given to the constructor is copied: changing it later does not change the options.
    Map<String, Object> mutable = new HashMap<>();
    mutable.put("a", 1);
    SubscribeOptions<Object> fromMap = new SubscribeOptions<>(10, 5, 0, 0, Delivery.AT_MOST_ONCE, false, CancelMode.PERMANENT, null, null, mutable);
    mutable.put("b", 2);
    assertEquals(Map.of("a", 1), fromMap.extras());
    assertEquals(Optional.empty(), fromMap.extra("b"));
  }

  @Test
  void extrasRejectNulls() {
    assertNpe("key", () -> SubscribeOptions.defaults().withExtra(null, 1));
    assertNpe("value", () -> SubscribeOptions.defaults().withExtra("k", null));
    assertNpe("extras", () -> new SubscribeOptions<>(10, 5, 0, 0, Delivery.AT_MOST_ONCE, false, CancelMode.PERMANENT, null, null, null));
    assertNpe("cancel", () -> new SubscribeOptions<>(10, 5, 0, 0, Delivery.AT_MOST_ONCE, false, null, null, null, Map.of()));
  }

  @Test
  void selectorAndPartitionAreStored() {
    Predicate<Integer> even = i -> i % 2 == 0;
    SubscribeOptions<Integer> withSelector = SubscribeOptions.defaults().<Integer>withSelector(even);
    assertSame(even, withSelector.selector());
    assertTrue(withSelector.selector().test(4));
    assertFalse(withSelector.selector().test(3));
    assertNull(withSelector.partition());

    SubscribeOptions<Integer> withPartition = withSelector.withPartition(3);
    assertEquals(3, withPartition.partition());
    assertSame(even, withPartition.selector());
    assertEquals("odd", SubscribeOptions.defaults().withPartition("odd").partition());

    assertNpe("selector", () -> SubscribeOptions.defaults().withSelector(null));
    assertNpe("partition", () -> SubscribeOptions.defaults().withPartition(null));
  }

  // ------------------------------------------------------------------ ProducerOptions

  @Test
  void producerOptionsDefaults() {
    ProducerOptions<Object> o = ProducerOptions.defaults();
    assertEquals(10_000, o.bufferSize());
    assertEquals(ProducerOptions.DEFAULT_BUFFER_SIZE, o.bufferSize());
    assertEquals(BufferKeep.LAST, o.bufferKeep());
    assertEquals(DemandMode.FORWARD, o.demand());
    assertInstanceOf(DemandDispatcher.class, o.dispatcher().create(CONTEXT));
    assertEquals(Integer.MAX_VALUE, ProducerOptions.UNBOUNDED);
  }

  @Test
  void producerOptionsValidation() {
    assertIae("bufferSize must be >= 0, got: -1", () -> ProducerOptions.defaults().withBufferSize(-1));
    assertEquals(0, ProducerOptions.defaults().withBufferSize(0).bufferSize());
    assertEquals(ProducerOptions.UNBOUNDED,
        ProducerOptions.defaults().withBufferSize(ProducerOptions.UNBOUNDED).bufferSize());

    assertNpe("dispatcher", () -> ProducerOptions.defaults().withDispatcher(null));
    assertNpe("bufferKeep", () -> ProducerOptions.defaults().withBufferKeep(null));
    assertNpe("demand", () -> ProducerOptions.defaults().withDemand(null));
  }

  @Test
  void producerOptionsWithersKeepTheOtherFields() {
    var factory = DemandDispatcher.factory(true, 10);
    ProducerOptions<Object> o = ProducerOptions.defaults()
        .withBufferSize(5)
        .withBufferKeep(BufferKeep.FIRST)
        .withDemand(DemandMode.ACCUMULATE)
        .withDispatcher(factory);
    assertEquals(5, o.bufferSize());
    assertEquals(BufferKeep.FIRST, o.bufferKeep());
    assertEquals(DemandMode.ACCUMULATE, o.demand());
    assertSame(factory, o.dispatcher());
    assertEquals(10_000, ProducerOptions.defaults().bufferSize()); // defaults unchanged
  }

  // ------------------------------------------------------------------ ProducerConsumerOptions

  @Test
  void producerConsumerOptionsDefaultsAndValidation() {
    ProducerConsumerOptions<Object> o = ProducerConsumerOptions.defaults();
    assertEquals(ProducerOptions.UNBOUNDED, o.bufferSize());
    assertEquals(BufferKeep.LAST, o.bufferKeep());
    assertInstanceOf(DemandDispatcher.class, o.dispatcher().create(CONTEXT));

    assertIae("bufferSize must be >= 0, got: -1", () -> ProducerConsumerOptions.defaults().withBufferSize(-1));
    ProducerConsumerOptions<Object> p = o.withBufferSize(0).withBufferKeep(BufferKeep.FIRST);
    assertEquals(0, p.bufferSize());
    assertEquals(BufferKeep.FIRST, p.bufferKeep());

    assertNpe("dispatcher", () -> ProducerConsumerOptions.defaults().withDispatcher(null));
    assertNpe("bufferKeep", () -> ProducerConsumerOptions.defaults().withBufferKeep(null));
  }

  // ------------------------------------------------------------------ protocol messages

  @Test
  void askRejectsDemandBelowOne() {
    ActorRef<ConsumerMessage<Integer>> ref = unusedRef();
    SubscriptionTag tag = SubscriptionTag.create();
    assertIae("demand must be >= 1, got: 0", () -> new ProducerMessage.Ask<>(ref, tag, 0));
    assertIae("demand must be >= 1, got: -1", () -> new ProducerMessage.Ask<>(ref, tag, -1));
    assertEquals(1, new ProducerMessage.Ask<>(ref, tag, 1).demand());

    assertNpe("consumer", () -> new ProducerMessage.Ask<Integer>(null, tag, 1));
    assertNpe("tag", () -> new ProducerMessage.Ask<>(ref, null, 1));
  }

  @Test
  void numberedMessagesRejectImpossibleNumbers() {
    ActorRef<ConsumerMessage<Integer>> consumer = unusedRef();
    ActorRef<ProducerMessage<Integer>> producer = unusedRef();
    SubscriptionTag tag = SubscriptionTag.create();
    assertIae("received must be >= 0, got: -1", () -> new ProducerMessage.AskUpTo<>(consumer, tag, -1, 10));
    assertIae("upTo must be >= received (10), got: 9", () -> new ProducerMessage.AskUpTo<>(consumer, tag, 10, 9));
    assertIae("first must be >= 1, got: 0", () -> new ConsumerMessage.NumberedEvents<>(producer, tag, 0, List.of()));
    assertNpe("events", () -> new ConsumerMessage.NumberedEvents<Integer>(producer, tag, 1, null));
  }

  @Test
  void subscribeNeedsReplacesAndReasonTogether() {
    ActorRef<ConsumerMessage<Integer>> ref = unusedRef();
    SubscriptionTag tag = SubscriptionTag.create();
    SubscriptionTag old = SubscriptionTag.create();
    SubscribeOptions<Object> opts = SubscribeOptions.defaults();

    assertIae("replaces and replaceReason must be given together",
        () -> new ProducerMessage.Subscribe<>(ref, tag, opts, old, null));
    assertIae("replaces and replaceReason must be given together",
        () -> new ProducerMessage.Subscribe<>(ref, tag, opts, null, CancelReason.NORMAL));

    var plain = new ProducerMessage.Subscribe<>(ref, tag, opts, null, null);
    assertNull(plain.replaces());
    var resubscribe = new ProducerMessage.Subscribe<>(ref, tag, opts, old, CancelReason.NORMAL);
    assertEquals(old, resubscribe.replaces());
    assertEquals(CancelReason.NORMAL, resubscribe.replaceReason());

    assertNpe("consumer", () -> new ProducerMessage.Subscribe<Integer>(null, tag, opts, null, null));
    assertNpe("tag", () -> new ProducerMessage.Subscribe<>(ref, null, opts, null, null));
    assertNpe("options", () -> new ProducerMessage.Subscribe<>(ref, tag, null, null, null));
  }

  @Test
  void cancelMessageNeedsAllFields() {
    ActorRef<ConsumerMessage<Integer>> ref = unusedRef();
    SubscriptionTag tag = SubscriptionTag.create();
    assertNpe("consumer", () -> new ProducerMessage.Cancel<Integer>(null, tag, CancelReason.NORMAL));
    assertNpe("tag", () -> new ProducerMessage.Cancel<>(ref, null, CancelReason.NORMAL));
    assertNpe("reason", () -> new ProducerMessage.Cancel<>(ref, tag, null));
  }

  @Test
  void tagsAndReasonsRejectNulls() {
    assertNpe("id", () -> new SubscriptionTag(null));
    assertNpe("reason", () -> CancelReason.of(null));
    assertNpe("cause", () -> CancelReason.failure(null));
    assertFalse(SubscriptionTag.create().equals(SubscriptionTag.create()));
  }
}
