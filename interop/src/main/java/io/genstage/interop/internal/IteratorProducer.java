package io.genstage.interop.internal;

import io.genstage.AskMode;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.Producer;
import io.genstage.StageKind;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import io.genstage.interop.OnCancel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * INTERNAL API. GenStage's {@code from_enumerable}: a producer that pulls exactly the demanded
 * number of items from an iterator, and stops normally once its last item has left its buffer.
 */
public final class IteratorProducer<T> extends Producer<T, Void> {

  private enum Exhausted { INSTANCE }

  private final Iterator<? extends T> items;
  private final AutoCloseable onTerminate;
  private final OnCancel onCancel;
  private boolean exhausted;
  private int consumers;

  public IteratorProducer(Iterator<? extends T> items, AutoCloseable onTerminate, OnCancel onCancel) {
    this.items = items;
    this.onTerminate = onTerminate;
    this.onCancel = onCancel;
  }

  @Override
  protected List<T> handleDemand(long demand) {
    List<T> out = new ArrayList<>((int) Math.min(demand, 1024));
    while (out.size() < demand && items.hasNext()) {
      out.add(items.next());
    }
    if (!exhausted && !items.hasNext()) {
      exhausted = true;
      // An info arrives after the events buffered before it: stop once the last item has left.
      context().info(Exhausted.INSTANCE);
    }
    return out;
  }

  @Override
  protected AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
    consumers++;
    return AskMode.AUTOMATIC;
  }

  @Override
  protected List<T> handleCancel(Cancellation cancellation, Subscription from) {
    consumers--;
    if (consumers == 0 && onCancel == OnCancel.STOP) {
      context().stop(CancelReason.NORMAL);
    }
    return List.of();
  }

  @Override
  protected List<T> handleInfo(Object info) {
    if (info == Exhausted.INSTANCE) {
      context().stop(CancelReason.NORMAL);
      return List.of();
    }
    return super.handleInfo(info);
  }

  @Override
  protected void terminate(CancelReason reason) {
    try {
      onTerminate.close();
    } catch (Exception e) {
      context().log().warn("closing the stream of producer [{}] failed", context().self().path(), e);
    }
  }
}
