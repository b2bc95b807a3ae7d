package io.genstage;

/**
 * Thrown by a stage that stops with an abnormal {@link CancelReason}, so that its parent's Akka
 * supervision sees a failure (as an OTP supervisor sees an abnormal exit). Stages that stop with
 * {@link CancelReason#NORMAL} or {@link CancelReason#SHUTDOWN} stop without it.
 */
public final class StageExitException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient CancelReason reason;

  public StageExitException(CancelReason reason) {
    this(reason, "stage stopped with reason: " + reason);
  }

  /** The same, naming the stage that stopped ({@code stage}: its actor path, or a name). */
  public StageExitException(String stage, CancelReason reason) {
    this(reason, "stage [" + stage + "] stopped with reason: " + reason);
  }

  /**
   * The same, with {@code detail} saying what was going on, for example which request found the
   * stage gone.
   */
  public StageExitException(String stage, CancelReason reason, String detail) {
    this(reason, "stage [" + stage + "] stopped with reason: " + reason + " (" + detail + ")");
  }

  private StageExitException(CancelReason reason, String message) {
    super(message, reason instanceof CancelReason.Failure f ? f.cause() : null);
    this.reason = reason;
  }

  /** The reason the stage stopped with. */
  public CancelReason reason() {
    return reason;
  }
}
