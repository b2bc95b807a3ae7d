package io.genstage.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what one or more consumers received, and completes once {@code target} is reached. */
final class Tally {
  private final AtomicLong count = new AtomicLong();
  private final long target;
  private final CompletableFuture<Long> done = new CompletableFuture<>();

  Tally(long target) {
    if (target < 1) {
      throw new IllegalArgumentException("target must be >= 1, got: " + target);
    }
    this.target = target;
  }

  /** Adds {@code n} (called once per batch, or once per consumer for the plain actors). */
  void add(long n) {
    if (count.addAndGet(n) >= target) {
      done.complete(target);
    }
  }

  /** Fails the tally, so that the waiting benchmark thread fails instead of timing out. */
  void fail(Throwable cause) {
    done.completeExceptionally(cause);
  }

  /** Waits until the target is reached; returns the count then (the target, unless overshot). */
  long await() {
    BenchSystem.await(done);
    return count.get();
  }
}
