package io.genstage.dispatch;

import io.genstage.CancelReason;
import java.util.Objects;

/**
 * Thrown by {@link Dispatcher#subscribe} to refuse a subscription. The producer then cancels it with
 * {@link #reason()}: the consumer receives the cancel (and applies its cancel mode), the producer's
 * {@code handleCancel} runs, and the producer keeps serving its other consumers.
 */
public final class SubscriptionRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient CancelReason reason;

  /**
   * Refuses with {@code reason}.
   *
   * @param reason the reason the consumer is cancelled with; not null
   */
  public SubscriptionRefusedException(CancelReason reason) {
    super("subscription refused: " + reason, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Refuses because the subscription's options cannot work: the reason is a
   * {@link CancelReason.Failure} carrying an {@link IllegalArgumentException} with {@code message}.
   *
   * @param message what is wrong with the options, for the consumer
   * @return the exception to throw from {@link Dispatcher#subscribe}
   */
  public static SubscriptionRefusedException badOptions(String message) {
    return new SubscriptionRefusedException(CancelReason.failure(new IllegalArgumentException(message)));
  }

  /**
   * The reason the subscription is cancelled with.
   *
   * @return the reason given when refusing
   */
  public CancelReason reason() {
    return reason;
  }
}
