package io.genstage;

/**
 * A stage that receives events of type {@code I} and emits events of type {@code O}.
 *
 * @param <I> the events it receives
 * @param <O> the events it emits
 * @param <C> its command type
 */
public interface ProducerConsumerRef<I, O, C> extends ProducerRef<O, C>, ConsumerRef<I, C> {}
