package io.genstage.dispatch;

import io.genstage.CancelReason;
import org.slf4j.Logger;

/** What a dispatcher can ask of the producer that hosts it. */
public interface DispatcherContext {

  /** Delivers {@code info} to the producer's {@code handleInfo}, after the messages already sent. */
  void deliverInfo(Object info);

  /**
   * Makes the producer handle an ask of {@code demand} from {@code consumer} as if the consumer had
   * sent it (a broadcast dispatcher re-credits events a selector filtered out).
   */
  void askOnBehalf(ConsumerHandle<?> consumer, long demand);

  /**
   * Makes the producer serve {@code demand} more events, as if a consumer had asked: for events
   * the dispatcher dropped, which met no consumer's demand, so that the consumers still get what
   * they asked for.
   */
  void produceMore(long demand);

  /**
   * Cancels {@code consumer}'s subscription with {@code reason}, after the dispatcher's current
   * call returns, as if the consumer had cancelled it: the consumer is told the reason, the
   * producer's {@code handleCancel} runs and the dispatcher's {@link Dispatcher#cancel} is called.
   * For a failure that concerns one consumer only (its selector threw), so that the others carry on.
   */
  void cancel(ConsumerHandle<?> consumer, CancelReason reason);

  /** The producer's logger. */
  Logger log();

  /** The producer's name, for log messages. */
  String producerName();
}
