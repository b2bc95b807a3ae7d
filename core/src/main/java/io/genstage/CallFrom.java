package io.genstage;

import java.util.concurrent.CompletableFuture;

/**
 * The caller waiting on a {@link GenStage#call} (GenStage's {@code from} in {@code handle_call}).
 * Answer it once, with {@link StageContext#reply(CallFrom, Object)} (after the events the callback
 * emits), {@link GenStage#reply(CallFrom, Object)} (at once, from anywhere), or
 * {@link GenStage#replyError(CallFrom, Throwable)}. If {@code handleCall} throws, the caller gets
 * that exception.
 */
public final class CallFrom {
  private final CompletableFuture<Object> future;

  CallFrom(CompletableFuture<Object> future) {
    this.future = future;
  }

  void complete(Object value) {
    future.complete(value);
  }

  void fail(Throwable error) {
    future.completeExceptionally(error);
  }

  @Override
  public String toString() {
    return "CallFrom@" + Integer.toHexString(System.identityHashCode(this));
  }
}
