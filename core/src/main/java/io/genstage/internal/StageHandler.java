package io.genstage.internal;

import io.genstage.AskMode;
import io.genstage.CallFrom;
import io.genstage.CancelReason;
import io.genstage.Cancellation;
import io.genstage.StageContext;
import io.genstage.StageKind;
import io.genstage.SubscribeOptions;
import io.genstage.Subscription;
import java.util.List;

/**
 * INTERNAL API. The stage actor's view of a user handler, whatever its kind. Consumers return no
 * events; only producers are asked for demand.
 */
@InternalApi
public interface StageHandler {
  void attach(StageContext<Object> context);

  List<Object> handleDemand(long demand);

  List<Object> handleEvents(List<Object> events, Subscription from);

  AskMode handleSubscribe(StageKind peer, Subscription from, SubscribeOptions<?> options);

  List<Object> handleCancel(Cancellation cancellation, Subscription from);

  /** The input ended normally and the cancel modes stop the stage: its last events. */
  List<Object> handleInputEnd(CancelReason reason);

  List<Object> handleCall(Object request, CallFrom from);

  List<Object> handleCast(Object request);

  List<Object> handleInfo(Object info);

  void terminate(CancelReason reason);

  boolean formatDiscarded(int count);

  /**
   * The logger the stage logs under, its own lines and the handler's: the user's handler class, so
   * that a level can be set per handler.
   */
  default String loggerName() {
    return loggerNameOf(this);
  }

  /** The logger name for {@code handler}: its class, or what it says it logs as. */
  static String loggerNameOf(Object handler) {
    return handler instanceof LogsAs named ? named.logsAs().getName() : handler.getClass().getName();
  }

  /** A library handler that logs under its public face's name rather than its own class's. */
  interface LogsAs {
    Class<?> logsAs();
  }

  /** How long a stopping stage waits for its children to stop on their own. */
  default java.time.Duration shutdownTimeout() {
    return java.time.Duration.ZERO;
  }
}
