package io.genstage;

import java.util.Objects;

/**
 * What {@code handleCancel} receives: how the subscription ended and why.
 *
 * @param kind {@link Kind#CANCEL} when a cancel message ended it, {@link Kind#DOWN} when the peer
 *     terminated without one
 * @param reason the reason carried by the cancel, or {@link CancelReason#TERMINATED} for a peer that
 *     terminated silently
 */
public record Cancellation(Kind kind, CancelReason reason) {

  /** How a subscription ended. */
  public enum Kind {
    /** A cancel message, from either side. */
    CANCEL,
    /** The peer terminated (the watch fired) before it sent a cancel. */
    DOWN
  }

  /**
   * A cancellation.
   *
   * @param kind how the subscription ended; not null
   * @param reason why it ended; not null
   */
  public Cancellation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }
}
