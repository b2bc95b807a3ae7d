package io.genstage.dispatch;

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

  /** The producer's logger. */
  Logger log();

  /** The producer's name, for log messages. */
  String producerName();
}
