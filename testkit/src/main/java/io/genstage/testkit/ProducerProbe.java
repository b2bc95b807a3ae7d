package io.genstage.testkit;

import akka.actor.typed.ActorSystem;
import io.genstage.CancelReason;
import io.genstage.GenStage;
import io.genstage.ProducerOptions;
import io.genstage.ProducerRef;
import io.genstage.StageSpec;
import io.genstage.Stages;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.testkit.internal.ProbeProducer;
import io.genstage.testkit.internal.ProbeReport;
import io.genstage.testkit.internal.Reports;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real producer stage that a test drives: the stage under test subscribes to {@link #ref()}, the
 * test sees each subscription, ask and cancel, in the order they happened, and makes the probe
 * emit events, end normally or fail.
 *
 * <pre>{@code
 * ProducerProbe<Integer> upstream = ProducerProbe.create(testKit.system());
 * // ... the stage under test subscribes to upstream.ref() with maxDemand 10, minDemand 5
 * upstream.expectSubscription();
 * upstream.expectAsk(10);
 * upstream.emit(1, 2, 3, 4, 5);
 * upstream.expectAsk(5);
 * upstream.fail(new IllegalStateException("boom"));
 * }</pre>
 *
 * <p>Events go out as a producer stage's do, through a demand dispatcher: to the consumers that
 * asked, the rest into the stage's buffer until they ask. Every {@code expect} waits at most
 * {@code akka.actor.testkit.typed.single-expect-default} (dilated by the test time factor) and
 * fails with an {@link AssertionError} that names the probe's stage and says what arrived instead.
 *
 * @param <T> the events
 */
public final class ProducerProbe<T> {
  private static final AtomicLong NAMES = new AtomicLong();

  private final Reports reports;
  private final ProducerRef<T, ProbeProducer.Command<T>> ref;

  private ProducerProbe(ActorSystem<?> system) {
    this.reports = new Reports(system);
    StageSpec<ProducerRef<T, ProbeProducer.Command<T>>, ProbeProducer.Command<T>> spec = Stages.producer(
        () -> new ProbeProducer<T>(reports.probe().getRef()),
        ProducerOptions.<T>defaults().withDispatcher(ProbeProducer.dispatcher(reports.probe().getRef())));
    this.ref = spec.spawn(system, "producer-probe-" + NAMES.incrementAndGet());
    reports.name("ProducerProbe [" + ref.actor().path() + "]");
  }

  /**
   * Starts a producer probe in {@code system} (for an {@code ActorTestKit}, its {@code system()}).
   *
   * @param <T> the events
   * @param system the actor system the probe's stage runs in
   * @return the probe, its stage running
   */
  public static <T> ProducerProbe<T> create(ActorSystem<?> system) {
    return new ProducerProbe<>(Objects.requireNonNull(system, "system"));
  }

  /**
   * The probe's stage, for the stage under test to subscribe to.
   *
   * @return the producer
   */
  public ProducerRef<T, ?> ref() {
    return ref;
  }

  /**
   * Expects the next thing to happen to be a consumer's subscription.
   *
   * @return the subscription and its options (maxDemand, minDemand, cancel mode, ...)
   * @throws AssertionError when something else happens first, or nothing in time
   */
  public Subscribed expectSubscription() {
    ProbeReport.Subscribed s = expect(ProbeReport.Subscribed.class, "a subscription");
    return new Subscribed(s.subscription(), s.options());
  }

  /**
   * Expects the next thing to happen to be an ask, on any subscription.
   *
   * @return how many events the consumer asked for
   * @throws AssertionError when something else happens first, or nothing in time
   */
  public long expectAsk() {
    return expect(ProbeReport.Asked.class, "an ask").demand();
  }

  /**
   * Expects the next thing to happen to be an ask for exactly {@code demand} events.
   *
   * @param demand the number of events the ask must be for
   * @return this probe
   * @throws AssertionError when the ask is for another number, something else happens first, or
   *     nothing in time
   */
  public ProducerProbe<T> expectAsk(long demand) {
    long asked = expectAsk();
    if (asked != demand) {
      throw reports.fail("expected an ask for " + demand + ", got an ask for " + asked);
    }
    return this;
  }

  /**
   * Expects the next thing to happen to be a consumer's cancel.
   *
   * @return the reason the consumer gave
   * @throws AssertionError when something else happens first, or nothing in time
   */
  public CancelReason expectCancel() {
    return expect(ProbeReport.Cancelled.class, "a cancel").reason();
  }

  /**
   * Expects nothing to happen (no subscription, ask or cancel) for {@code duration}.
   *
   * @param duration how long to watch
   * @return this probe
   * @throws AssertionError when something happens
   */
  public ProducerProbe<T> expectNothing(Duration duration) {
    ProbeReport next = reports.poll(duration);
    if (next != null) {
      throw reports.fail("expected nothing for " + Reports.millis(duration) + ", got " + describe(next));
    }
    return this;
  }

  /**
   * Emits {@code events} as one batch: to the consumers that asked, the rest into the buffer.
   *
   * @param events the events, in order
   * @return this probe
   */
  @SafeVarargs
  public final ProducerProbe<T> emit(T... events) {
    return emit(Arrays.asList(events));
  }

  /**
   * Emits {@code events} as one batch: to the consumers that asked, the rest into the buffer.
   *
   * @param events the events, in order; copied
   * @return this probe
   */
  public ProducerProbe<T> emit(List<? extends T> events) {
    GenStage.cast(ref, new ProbeProducer.Emit<T>(List.copyOf(events)));
    return this;
  }

  /**
   * Ends the probe normally: once its consumers have asked for every event it emitted (within the
   * expect timeout, after which the rest is dropped and logged), it stops and they are cancelled
   * with {@link CancelReason#NORMAL}.
   */
  public void complete() {
    GenStage.cast(ref, new ProbeProducer.End<T>(CancelReason.NORMAL, reports.timeout()));
  }

  /**
   * Stops the probe at once with {@code error}: its consumers are cancelled with a
   * {@link CancelReason.Failure} that carries it, and events still in its buffer are dropped (and
   * logged), as for any producer that fails.
   *
   * @param error the failure
   */
  public void fail(Throwable error) {
    GenStage.cast(ref, new ProbeProducer.End<T>(CancelReason.failure(Objects.requireNonNull(error, "error")), null));
  }

  /** The next report, which must be a {@code kind}; {@code what} says what was expected. */
  private <R extends ProbeReport> R expect(Class<R> kind, String what) {
    ProbeReport next = reports.next(what);
    if (kind.isInstance(next)) {
      return kind.cast(next);
    }
    throw reports.fail("expected " + what + ", got " + describe(next));
  }

  private static String describe(ProbeReport report) {
    if (report instanceof ProbeReport.Subscribed s) {
      return "a subscription from " + s.subscription().consumer().path() + " (maxDemand " + s.options().maxDemand()
          + ", minDemand " + s.options().minDemand() + ")";
    }
    if (report instanceof ProbeReport.Asked a) {
      return "an ask for " + a.demand();
    }
    if (report instanceof ProbeReport.Cancelled c) {
      return "a cancel (" + c.reason() + ")";
    }
    return String.valueOf(report);
  }

  /**
   * A consumer's subscription to the probe.
   *
   * @param subscription the subscription: its consumer is the subscribing stage
   * @param options the options it subscribed with
   */
  public record Subscribed(Subscription subscription, SubscribeOptions<?> options) {}
}
