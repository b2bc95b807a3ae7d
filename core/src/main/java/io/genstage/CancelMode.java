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
  TEMPORARY
}
