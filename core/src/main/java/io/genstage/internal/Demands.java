package io.genstage.internal;

/**
 * INTERNAL API. Demand arithmetic: demand saturates at {@link Long#MAX_VALUE}, which means
 * "unbounded" (the Reactive Streams idiom), so that asking for it twice cannot overflow.
 */
@InternalApi
public final class Demands {
  private Demands() {}

  /** {@code a + b} for non-negative demands, capped at {@link Long#MAX_VALUE}. */
  public static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
