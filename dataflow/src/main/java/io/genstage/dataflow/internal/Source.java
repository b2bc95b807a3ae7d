package io.genstage.dataflow.internal;

import io.genstage.AskMode;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.Producer;
import io.genstage.StageKind;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.internal.InternalApi;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * INTERNAL API. A dataflow's source from a {@code Stream} (or an {@code Iterable}'s iterator): it
 * reads only as its consumers ask, stops once the last element has left, and closes the stream
 * when it stops. It stops too when its last consumer leaves (a stage after it failed).
 */
@InternalApi
public final class Source extends Producer<Object, Void> {
  private enum Exhausted { INSTANCE }

  private final Supplier<? extends Stream<?>> streams;
  private Stream<?> stream;
  private Iterator<?> items;
  private boolean exhausted;
  private int consumers;

  /** @param streams called once per start of the stage */
  public Source(Supplier<? extends Stream<?>> streams) {
    this.streams = streams;
  }

  @Override
  protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
    consumers++;
    return AskMode.AUTOMATIC;
  }

  @Override
  protected List<Object> handleDemand(long demand) {
    if (items == null) {
      stream = java.util.Objects.requireNonNull(streams.get(), "the dataflow's stream supplier returned null");
      items = stream.iterator();
    }
    List<Object> out = new ArrayList<>((int) Math.min(demand, 1024));
    while (out.size() < demand && items.hasNext()) {
      out.add(items.next());
    }
    if (!exhausted && !items.hasNext()) {
      exhausted = true;
      context().info(Exhausted.INSTANCE); // after the events before it: stop once the last has left
    }
    return out;
  }

  @Override
  protected List<Object> handleCancel(Cancellation cancellation, Subscription from) {
    if (--consumers == 0) {
      context().stop(cancellation.reason().isNormal() ? CancelReason.NORMAL : CancelReason.SHUTDOWN);
    }
    return List.of();
  }

  @Override
  protected List<Object> handleInfo(Object info) {
    if (info == Exhausted.INSTANCE) {
      context().stop(CancelReason.NORMAL);
      return List.of();
    }
    return super.handleInfo(info);
  }

  @Override
  protected void terminate(CancelReason reason) {
    if (stream != null) {
      stream.close();
    }
  }
}
