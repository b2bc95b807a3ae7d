package io.genstage.cluster;

/**
 * The failure of a stage on another node, as it reaches this one: its class name and message (a
 * live exception does not cross nodes). It is the cause of a {@code CancelReason.Failure} that came
 * over the wire, and so of the {@code StageExitException} of a consumer that fails with it.
 */
public final class RemoteFailureException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The class name of the remote exception. */
  private final String className;
  /** The remote exception's message. */
  private final String originalMessage;

  /**
   * The failure {@code className: originalMessage}, as the serializer reads it; it has no stack
   * trace and no cause.
   *
   * @param className the class of the exception the remote stage failed with
   * @param originalMessage that exception's message
   */
  public RemoteFailureException(String className, String originalMessage) {
    super(className + ": " + originalMessage, null, false, false);
    this.className = className;
    this.originalMessage = originalMessage;
  }

  /**
   * The class of the exception the remote stage failed with.
   *
   * @return its fully qualified class name
   */
  public String className() {
    return className;
  }

  /**
   * That exception's message ({@code "null"} when it had none).
   *
   * @return the message
   */
  public String originalMessage() {
    return originalMessage;
  }
}
