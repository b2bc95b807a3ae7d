package io.genstage.dataflow.internal;

import io.genstage.CancelReason;
import io.genstage.Consumer;
import io.genstage.StageExitException;
import io.genstage.Subscription;
import io.genstage.internal.InternalApi;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * INTERNAL API. The end of a dataflow that is run: collects what the last stages emit (or only
 * counts it) and completes the run's future once they have all ended normally, or fails it with
 * the original cause of the first failure that reached it.
 */
@InternalApi
public final class Sink extends Consumer<Object, Void> {
  private final CompletableFuture<List<Object>> result;
  private final List<Object> collected; // null: the run is for side effects only

  public Sink(CompletableFuture<List<Object>> result, boolean collect) {
    this.result = result;
    this.collected = collect ? new ArrayList<>() : null;
  }

  @Override
  protected void handleEvents(List<Object> events, Subscription from) {
    if (collected != null) {
      collected.addAll(events);
    }
  }

  @Override
  protected void terminate(CancelReason reason) {
    if (reason == CancelReason.NORMAL) {
      result.complete(collected == null ? List.of() : collected);
    } else if (reason instanceof CancelReason.Failure f) {
      result.completeExceptionally(f.cause());
    } else {
      result.completeExceptionally(new StageExitException(context().self().path().toString(), reason));
    }
  }
}
