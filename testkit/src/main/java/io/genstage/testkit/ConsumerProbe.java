package io.genstage.testkit;

import akka.actor.typed.ActorSystem;
import io.genstage.AskMode;
import io.genstage.CancelMode;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.ConsumerRef;
import io.genstage.GenStage;
import io.genstage.ProducerRef;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.testkit.internal.ProbeConsumer;
import io.genstage.testkit.internal.ProbeReport;
import io.genstage.testkit.internal.Reports;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real consumer stage that a test drives: it subscribes to the stage under test, asks when the
 * test says so (or by itself, with a subscription's maxDemand and minDemand), and lets the test
 * expect the events, the batches they came in, a quiet spell, and the end of the subscription.
 *
 * <pre>{@code
 * ConsumerProbe<Integer> downstream = ConsumerProbe.create(testKit.system());
 * downstream.subscribe(stageUnderTest);
 * downstream.ask(3);
 * downstream.expectBatch(2, 4, 6);
 * downstream.expectCancel(CancelReason.NORMAL);
 * }</pre>
 *
 * <p>Every {@code expect} waits at most {@code akka.actor.testkit.typed.single-expect-default}
 * (dilated by the test time factor) and fails with an {@link AssertionError} that names the probe's
 * stage and says what arrived instead. The probe outlives the end of its subscriptions unless one
 * was made {@link CancelMode#PERMANENT} or {@link CancelMode#TRANSIENT}.
 *
 * @param <T> the events
 */
public final class ConsumerProbe<T> {
  private static final AtomicLong NAMES = new AtomicLong();

  private final ActorSystem<?> system;
  private final Reports reports;
  private final ConsumerRef<T, ProbeConsumer.Command> ref;
  private final ArrayDeque<T> rest = new ArrayDeque<>(); // what expectNext has not taken of a batch
  private Subscription subscription;

  private ConsumerProbe(ActorSystem<?> system) {
    this.system = system;
    this.reports = new Reports(system);
    this.ref = Stages.<T, ProbeConsumer.Command>consumer(() -> new ProbeConsumer<T>(reports.probe().getRef()))
        .spawn(system, "consumer-probe-" + NAMES.incrementAndGet());
    reports.name("ConsumerProbe [" + ref.actor().path() + "]");
  }

  /**
   * Starts a consumer probe in {@code system} (for an {@code ActorTestKit}, its {@code system()}).
   *
   * @param <T> the events
   * @param system the actor system the probe's stage runs in
   * @return the probe, its stage running and subscribed to nothing
   */
  public static <T> ConsumerProbe<T> create(ActorSystem<?> system) {
    return new ConsumerProbe<>(Objects.requireNonNull(system, "system"));
  }

  /**
   * The probe's stage.
   *
   * @return the consumer
   */
  public ConsumerRef<T, ?> ref() {
    return ref;
  }

  /**
   * Subscribes to {@code producer}, temporary, with the default demand; the probe asks only when
   * told to ({@link #ask}).
   *
   * @param producer the stage under test
   * @return the subscription, once made
   * @throws AssertionError when the subscription fails or takes too long
   */
  public Subscription subscribe(ProducerRef<? extends T, ?> producer) {
    return subscribe(producer, SubscribeOptions.defaults().withCancel(CancelMode.TEMPORARY));
  }

  /**
   * Subscribes to {@code producer} with {@code options}; the probe asks only when told to
   * ({@link #ask}), so the options' demand only bounds what it may ask.
   *
   * @param <O> the producer's events
   * @param producer the stage under test
   * @param options the subscription's options
   * @return the subscription, once made
   * @throws AssertionError when the subscription fails or takes too long
   */
  public <O extends T> Subscription subscribe(ProducerRef<O, ?> producer, SubscribeOptions<? super O> options) {
    return subscribe(producer, options, AskMode.MANUAL);
  }

  /**
   * Subscribes to {@code producer} with {@code options}, asking as {@code mode} says: by itself
   * with the options' maxDemand and minDemand ({@link AskMode#AUTOMATIC}), or when told to.
   *
   * @param <O> the producer's events
   * @param producer the stage under test
   * @param options the subscription's options
   * @param mode who asks
   * @return the subscription, once made
   * @throws AssertionError when the subscription fails or takes too long
   */
  public <O extends T> Subscription subscribe(
      ProducerRef<O, ?> producer, SubscribeOptions<? super O> options, AskMode mode) {
    Objects.requireNonNull(producer, "producer");
    SubscribeOptions<? super O> withMode = options.withExtra(ProbeConsumer.ASK_MODE, Objects.requireNonNull(mode, "mode"));
    subscription = reports.await(GenStage.subscribe(system, ref, producer, withMode),
        "subscribe to " + producer.actor().path());
    return subscription;
  }

  /**
   * The latest subscription.
   *
   * @return it
   * @throws IllegalStateException when the probe has not subscribed
   */
  public Subscription subscription() {
    if (subscription == null) {
      throw new IllegalStateException(reports.name() + " has not subscribed: call subscribe first");
    }
    return subscription;
  }

  /**
   * Asks the latest subscription's producer for {@code demand} more events, and returns once the
   * probe's stage has sent the ask: what the test sends the producer next arrives after it.
   *
   * @param demand how many; at least 1
   * @return this probe
   * @throws IllegalArgumentException when {@code demand < 1}
   * @throws IllegalStateException when the probe has not subscribed
   */
  public ConsumerProbe<T> ask(long demand) {
    if (demand < 1) {
      throw new IllegalArgumentException("demand must be at least 1, got: " + demand);
    }
    reports.await(GenStage.call(system, ref, new ProbeConsumer.Ask(subscription(), demand)), "ask for " + demand);
    return this;
  }

  /**
   * Expects the next event, whatever batch it comes in.
   *
   * @return the event
   * @throws AssertionError when a subscription ends first, or nothing arrives in time
   */
  public T expectNext() {
    return take("an event");
  }

  /**
   * Expects the next events to be {@code events}, in order, whatever batches they come in.
   *
   * @param events the events expected
   * @return this probe
   * @throws AssertionError when another event comes, a subscription ends first, or nothing in time
   */
  @SafeVarargs
  public final ConsumerProbe<T> expectNext(T... events) {
    List<T> got = new ArrayList<>();
    for (T expected : events) {
      T next = take("events " + Arrays.asList(events) + " (got " + got + " so far)");
      got.add(next);
      if (!Objects.equals(expected, next)) {
        throw reports.fail("expected events " + Arrays.asList(events) + ", got " + got
            + (rest.isEmpty() ? "" : " then " + new ArrayList<>(rest)));
      }
    }
    return this;
  }

  /**
   * Expects the next {@code n} events, whatever batches they come in: for a stage whose output
   * order is not fixed, compare them as a set.
   *
   * @param n how many; at least 0
   * @return them, in the order they arrived
   * @throws AssertionError when a subscription ends first, or they do not all arrive in time
   */
  public List<T> expectNextN(int n) {
    List<T> got = new ArrayList<>(n);
    while (got.size() < n) {
      got.add(take(n + " events (got " + got.size() + " so far)"));
    }
    return got;
  }

  /**
   * Expects the next batch, whole.
   *
   * @return its events, in order
   * @throws AssertionError when a subscription ends first, or nothing arrives in time
   */
  public List<T> expectBatch() {
    if (!rest.isEmpty()) {
      throw reports.fail("expected a new batch, but " + new ArrayList<>(rest) + " are left of the last one");
    }
    return nextBatch("a batch");
  }

  /**
   * Expects the next batch to be exactly {@code events}.
   *
   * @param events the batch expected
   * @return this probe
   * @throws AssertionError when another batch comes, a subscription ends first, or nothing in time
   */
  @SafeVarargs
  public final ConsumerProbe<T> expectBatch(T... events) {
    List<T> expected = Arrays.asList(events);
    List<T> got = expectBatch();
    if (!expected.equals(got)) {
      throw reports.fail("expected the batch " + expected + ", got the batch " + got);
    }
    return this;
  }

  /**
   * Expects no events, and no end of a subscription, for {@code duration}.
   *
   * @param duration how long to watch
   * @return this probe
   * @throws AssertionError when something arrives
   */
  public ConsumerProbe<T> expectNoEvents(Duration duration) {
    if (!rest.isEmpty()) {
      throw reports.fail("expected no events, but " + new ArrayList<>(rest) + " are left of the last batch");
    }
    ProbeReport next = reports.poll(duration);
    if (next != null) {
      throw reports.fail("expected no events for " + Reports.millis(duration) + ", got " + describe(next));
    }
    return this;
  }

  /**
   * Expects the next thing to arrive to be the end of a subscription.
   *
   * @return its reason
   * @throws AssertionError when events arrive first, or nothing in time
   */
  public CancelReason expectCancel() {
    if (!rest.isEmpty()) {
      throw reports.fail("expected a cancel, got events " + new ArrayList<>(rest));
    }
    ProbeReport next = reports.next("a cancel");
    if (next instanceof ProbeReport.Ended e) {
      return e.cancellation().reason();
    }
    throw reports.fail("expected a cancel, got " + describe(next));
  }

  /**
   * Expects the next thing to arrive to be the end of a subscription with {@code reason}.
   *
   * @param reason the reason expected (a failure's cause is compared by class and message)
   * @return this probe
   * @throws AssertionError when another reason, events, or nothing in time
   */
  public ConsumerProbe<T> expectCancel(CancelReason reason) {
    CancelReason got = expectCancel();
    if (!sameReason(reason, got)) {
      throw reports.fail("expected a cancel (" + reason + "), got a cancel (" + got + ")");
    }
    return this;
  }

  /**
   * Cancels the latest subscription with {@code reason}; the producer answers with a cancel, which
   * {@link #expectCancel} then sees.
   *
   * @param reason the reason the producer is told
   * @throws IllegalStateException when the probe has not subscribed
   */
  public void cancel(CancelReason reason) {
    GenStage.cancel(subscription(), Objects.requireNonNull(reason, "reason"));
  }

  /** The next event: the rest of the batch being read, or the first of the next batch. */
  private T take(String expected) {
    if (rest.isEmpty()) {
      rest.addAll(nextBatch(expected));
    }
    return rest.poll();
  }

  @SuppressWarnings("unchecked")
  private List<T> nextBatch(String expected) {
    ProbeReport next = reports.next(expected);
    if (next instanceof ProbeReport.Batch b) {
      return (List<T>) b.events();
    }
    throw reports.fail("expected " + expected + ", got " + describe(next));
  }

  private static boolean sameReason(CancelReason expected, CancelReason got) {
    if (expected instanceof CancelReason.Failure e && got instanceof CancelReason.Failure g) {
      return e.cause() == g.cause() || (e.cause().getClass() == g.cause().getClass()
          && Objects.equals(e.cause().getMessage(), g.cause().getMessage()));
    }
    return Objects.equals(expected, got);
  }

  private static String describe(ProbeReport report) {
    if (report instanceof ProbeReport.Batch b) {
      return "the batch " + b.events();
    }
    if (report instanceof ProbeReport.Ended e) {
      Cancellation c = e.cancellation();
      return "a cancel (" + c.reason() + ")";
    }
    return String.valueOf(report);
  }
}
