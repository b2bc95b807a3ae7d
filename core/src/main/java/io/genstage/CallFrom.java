package io.genstage;

import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import java.util.Objects;

/**
 * The caller waiting on a {@link GenStage#call} (GenStage's {@code from} in {@code handle_call}):
 * an immutable value around the ref the answer goes to. Answer it once, with
 * {@link StageContext#reply(CallFrom, Object)} (after the events the callback emits),
 * {@link GenStage#reply(CallFrom, Object)} (at once, from anywhere), or
 * {@link GenStage#replyError(CallFrom, Throwable)}. If {@code handleCall} throws, the caller gets
 * that exception. The caller takes the first answer; Akka logs a later one as a dead letter.
 */
public final class CallFrom {
  private final ActorRef<StatusReply<Object>> replyTo;

  /**
   * The caller answered at {@code replyTo}; made by {@link GenStage#call} (and by serializers).
   *
   * @param replyTo where the answer goes; not null
   */
  public CallFrom(ActorRef<StatusReply<Object>> replyTo) {
    this.replyTo = Objects.requireNonNull(replyTo, "replyTo");
  }

  /**
   * Where the answer goes.
   *
   * @return the ref the caller waits on
   */
  public ActorRef<StatusReply<Object>> replyTo() {
    return replyTo;
  }

  void complete(Object value) {
    replyTo.tell(StatusReply.success(value));
  }

  void fail(Throwable error) {
    replyTo.tell(StatusReply.error(error));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CallFrom c && c.replyTo.equals(replyTo);
  }

  @Override
  public int hashCode() {
    return replyTo.hashCode();
  }

  @Override
  public String toString() {
    return "CallFrom(" + replyTo.path() + ")";
  }
}
