package io.genstage.dispatch;

import io.genstage.CancelReason;
import org.slf4j.Logger;

/** What a dispatcher can ask of the producer that hosts it. */
public interface DispatcherContext {

  /**
   * Delivers {@code info} to the producer's {@code handleInfo}, after the messages already sent.
   *
   * @param info the info, as {@link Dispatcher#info} received it
   */
  void deliverInfo(Object info);

  /**
   * Makes the producer handle an ask of {@code demand} from {@code consumer} as if the consumer had
   * sent it (a broadcast dispatcher re-credits events a selector filtered out).
   *
   * @param consumer the subscription's handle
   * @param demand how many events to ask for
   */
  void askOnBehalf(ConsumerHandle<?> consumer, long demand);

  /**
   * Makes the producer serve {@code demand} more events, as if a consumer had asked: for events
   * the dispatcher dropped, which met no consumer's demand, so that the consumers still get what
   * they asked for.
   *
   * @param demand how many more events the producer serves
   */
  void produceMore(long demand);

  /**
   * Cancels {@code consumer}'s subscription with {@code reason}, after the dispatcher's current
   * call returns, as if the consumer had cancelled it: the consumer is told the reason, the
   * producer's {@code handleCancel} runs and the dispatcher's {@link Dispatcher#cancel} is called.
   * For a failure that concerns one consumer only (its selector threw), so that the others carry on.
   *
   * @param consumer the subscription's handle
   * @param reason the reason the consumer is told
   */
  void cancel(ConsumerHandle<?> consumer, CancelReason reason);

  /**
   * The producer's logger.
   *
   * @return the logger of the producer's actor
   */
  Logger log();

  /**
   * The producer's name, for log messages.
   *
   * @return the name, as the library's own log messages show it
   */
  String producerName();
}
