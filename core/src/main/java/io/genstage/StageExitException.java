package io.genstage;

/**
 * Thrown by a stage that stops with an abnormal {@link CancelReason}, so that its parent's Akka
 * supervision sees a failure (as an OTP supervisor sees an abnormal exit). Stages that stop with
 * {@link CancelReason#NORMAL} or {@link CancelReason#SHUTDOWN} stop without it.
 */
public final class StageExitException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient CancelReason reason;

  /**
   * A stage stopped with {@code reason}; its cause is the failure's exception, for a
   * {@link CancelReason.Failure}.
   *
   * @param reason the abnormal reason the stage stopped with
   */
  public StageExitException(CancelReason reason) {
    this(reason, "stage stopped with reason: " + reason);
  }

  /**
   * The same, naming the stage that stopped ({@code stage}: its actor path, or a name).
   *
   * @param stage the stage's actor path or name, for the message
   * @param reason the abnormal reason the stage stopped with
   */
  public StageExitException(String stage, CancelReason reason) {
    this(reason, "stage [" + stage + "] stopped with reason: " + reason);
  }

  /**
   * The same, with {@code detail} saying what was going on, for example which request found the
   * stage gone.
   *
   * @param stage the stage's actor path or name, for the message
   * @param reason the abnormal reason the stage stopped with
   * @param detail what was going on, for the message
   */
  public StageExitException(String stage, CancelReason reason, String detail) {
    this(reason, "stage [" + stage + "] stopped with reason: " + reason + " (" + detail + ")");
  }

  private StageExitException(CancelReason reason, String message) {
    super(message, reason instanceof CancelReason.Failure f ? f.cause() : null);
    this.reason = reason;
  }

  /**
   * The reason the stage stopped with.
   *
   * @return the reason; {@code null} after the exception was deserialized, since it is not
   *     serialized with it
   */
  public CancelReason reason() {
    return reason;
  }
}
