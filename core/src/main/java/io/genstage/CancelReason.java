package io.genstage;

import java.util.Objects;

/**
 * Why a subscription ended, or why a stage stopped. A stage that stops tells every peer its reason
 * before it goes, because Akka's {@code Terminated} carries none.
 *
 * <p>{@link #NORMAL} and {@link #SHUTDOWN} are the normal reasons: a {@link CancelMode#TRANSIENT}
 * consumer survives them. Every other reason is abnormal.
 */
public sealed interface CancelReason
    permits CancelReason.Standard, CancelReason.Failure, CancelReason.Custom, CancelReason.NoConnection {

  /** The peer finished its work. */
  CancelReason NORMAL = Standard.NORMAL;
  /** The peer was stopped from outside: its parent stopped it, or the actor system is terminating. */
  CancelReason SHUTDOWN = Standard.SHUTDOWN;
  /** A message arrived for a subscription the receiver does not know (for example after a restart). */
  CancelReason UNKNOWN_SUBSCRIPTION = Standard.UNKNOWN_SUBSCRIPTION;
  /** The producer already has a subscription with that tag. */
  CancelReason DUPLICATED_SUBSCRIPTION = Standard.DUPLICATED_SUBSCRIPTION;
  /** The dispatcher accepts one subscription per consumer; this one was refused. Never stops a consumer. */
  CancelReason ALREADY_SUBSCRIBED = Standard.ALREADY_SUBSCRIBED;
  /**
   * The peer terminated without saying why: it was killed, it was not alive when subscribed to, or
   * its node was lost.
   */
  CancelReason TERMINATED = Standard.TERMINATED;

  /**
   * A reason that wraps the failure a stage died of.
   *
   * @param cause the exception; not null
   * @return a {@link Failure}, abnormal
   */
  static CancelReason failure(Throwable cause) {
    return new Failure(cause);
  }

  /**
   * The peer's node was lost (unreachable, downed or removed from the cluster) before the peer could
   * say why it ended: GenStage's {@code :noconnection}. Abnormal.
   *
   * @param node the lost node's address; not null
   * @return a {@link NoConnection}
   */
  static CancelReason noConnection(String node) {
    return new NoConnection(node);
  }

  /**
   * An application's own reason, such as a string or an enum constant.
   *
   * @param reason the application's value; not null
   * @return a {@link Custom}, abnormal
   */
  static CancelReason of(Object reason) {
    return new Custom(reason);
  }

  /**
   * Whether this is {@link #NORMAL} or {@link #SHUTDOWN}. Not a default method on purpose: an
   * interface with one is initialised with the enum that implements it, and its constants would
   * then read the enum's before they are set (null) in a JVM that touches {@link Standard} first.
   *
   * @return {@code true} for the two normal reasons, {@code false} for every other
   */
  boolean isNormal();

  /** The reasons the library itself uses. */
  enum Standard implements CancelReason {
    /** See {@link CancelReason#NORMAL}. */
    NORMAL,
    /** See {@link CancelReason#SHUTDOWN}. */
    SHUTDOWN,
    /** See {@link CancelReason#UNKNOWN_SUBSCRIPTION}. */
    UNKNOWN_SUBSCRIPTION,
    /** See {@link CancelReason#DUPLICATED_SUBSCRIPTION}. */
    DUPLICATED_SUBSCRIPTION,
    /** See {@link CancelReason#ALREADY_SUBSCRIBED}. */
    ALREADY_SUBSCRIBED,
    /** See {@link CancelReason#TERMINATED}. */
    TERMINATED;

    @Override
    public boolean isNormal() {
      return this == NORMAL || this == SHUTDOWN;
    }
  }

  /**
   * A stage failed with {@code cause}.
   *
   * @param cause the exception it failed with
   */
  record Failure(Throwable cause) implements CancelReason {
    /**
     * A failure reason.
     *
     * @param cause the exception it failed with; not null
     */
    public Failure {
      Objects.requireNonNull(cause, "cause");
    }

    @Override
    public boolean isNormal() {
      return false;
    }
  }

  /**
   * The node {@code node} (its address) was lost with the peer on it.
   *
   * @param node the lost node's address
   */
  record NoConnection(String node) implements CancelReason {
    /**
     * A lost-node reason.
     *
     * @param node the lost node's address; not null
     */
    public NoConnection {
      Objects.requireNonNull(node, "node");
    }

    @Override
    public boolean isNormal() {
      return false;
    }
  }

  /**
   * An application's own reason.
   *
   * @param reason the application's value
   */
  record Custom(Object reason) implements CancelReason {
    /**
     * An application's reason.
     *
     * @param reason the application's value; not null
     */
    public Custom {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean isNormal() {
      return false;
    }
  }
}
