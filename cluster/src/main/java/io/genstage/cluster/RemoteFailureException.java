package io.genstage.cluster;

/**
 * The failure of a stage on another node, as it reaches this one: its class name and message (a
 * live exception does not cross nodes). It is the cause of a {@code CancelReason.Failure} that came
 * over the wire, and so of the {@code StageExitException} of a consumer that fails with it.
 */
public final class RemoteFailureException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String className;
  private final String originalMessage;

  public RemoteFailureException(String className, String originalMessage) {
    super(className + ": " + originalMessage, null, false, false);
    this.className = className;
    this.originalMessage = originalMessage;
  }

  /** The class of the exception the remote stage failed with. */
  public String className() {
    return className;
  }

  /** That exception's message ({@code "null"} when it had none). */
  public String originalMessage() {
    return originalMessage;
  }
}
