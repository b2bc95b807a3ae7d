package io.genstage.internal;

import io.genstage.AskMode;
import io.genstage.CallFrom;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.StageContext;
import io.genstage.StageKind;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A {@link StageHandler} whose answers a test sets and whose calls it records: the handler side of
 * a half driven as a plain object.
 */
final class ScriptedHandler implements StageHandler {

  /** What handleDemand emits; by default the numbers 0, 1, 2, ... counted across calls. */
  LongFunction<List<Object>> onDemand = this::count;
  /** What handleEvents emits for a batch; by default nothing. */
  Function<List<Object>, List<Object>> onEvents = batch -> List.of();
  AskMode askMode = AskMode.AUTOMATIC;
  /** What handleInputEnd emits; by default nothing. */
  Function<CancelReason, List<Object>> onInputEnd = reason -> List.of();

  final List<Long> demands = new ArrayList<>();
  final List<List<Object>> batches = new ArrayList<>();
  final List<Cancellation> cancellations = new ArrayList<>();
  final List<Integer> discards = new ArrayList<>();
  final List<CancelReason> inputEnds = new ArrayList<>();
  private int next;

  private List<Object> count(long demand) {
    List<Object> out = new ArrayList<>();
    for (long i = 0; i < demand; i++) {
      out.add(next++);
    }
    return out;
  }

  @Override public void attach(StageContext<Object> context) {}

  @Override
  public List<Object> handleDemand(long demand) {
    demands.add(demand);
    return onDemand.apply(demand);
  }

  @Override
  public List<Object> handleEvents(List<Object> events, Subscription from) {
    batches.add(List.copyOf(events));
    return onEvents.apply(events);
  }

  @Override
  public AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options) {
    return askMode;
  }

  @Override
  public List<Object> handleCancel(Cancellation cancellation, Subscription from) {
    cancellations.add(cancellation);
    return List.of();
  }

  @Override
  public List<Object> handleInputEnd(CancelReason reason) {
    inputEnds.add(reason);
    return onInputEnd.apply(reason);
  }

  // What the halves never call: the shell routes calls, casts and infos, and runs terminate.
  @Override public List<Object> handleCall(Object request, CallFrom from) { return List.of(); }
  @Override public List<Object> handleCast(Object request) { return List.of(); }
  @Override public List<Object> handleInfo(Object info) { return List.of(); }
  @Override public void terminate(CancelReason reason) {}

  @Override
  public boolean formatDiscarded(int count) {
    discards.add(count);
    return false;
  }
}
