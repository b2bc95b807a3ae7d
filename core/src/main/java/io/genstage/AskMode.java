package io.genstage;

/** Who asks a producer for events on a subscription; chosen by the consumer's {@code handleSubscribe}. */
public enum AskMode {
  /**
   * The stage asks by itself: {@code maxDemand} at first, then whatever refills the subscription to
   * {@code maxDemand} after each batch that brings it down to {@code minDemand}. The default.
   */
  AUTOMATIC,
  /** The handler asks through {@link StageContext#ask(Subscription, long)}; the stage never does. */
  MANUAL
}
