package io.genstage;

/**
 * What a consumer does when one of its subscriptions ends (the producer cancelled it, stopped, or
 * failed). Set per subscription with {@link SubscribeOptions#withCancel(CancelMode)}.
 */
public enum CancelMode {
  /** The consumer stops with the subscription's reason, whatever it is. The default. */
  PERMANENT,
  /**
   * The consumer stops with the subscription's reason unless the reason is {@link CancelReason#NORMAL}
   * or {@link CancelReason#SHUTDOWN}.
   */
  TRANSIENT,
  /** The consumer keeps running; only {@code handleCancel} is called. */
  TEMPORARY,
  /**
   * For fan-in: the consumer stops once the last of its {@code LAST} subscriptions has ended with a
   * normal reason ({@link CancelReason#NORMAL} or {@link CancelReason#SHUTDOWN}), with that reason, as
   * an Akka Streams merge completes once all its inputs have. An abnormal reason stops it at once, as
   * {@link #PERMANENT} does. A subscription made after the last one ended counts anew.
   */
  LAST
}
