package io.genstage;

/**
 * A stage that receives events of type {@code I}: it can subscribe to producers of {@code I} (or
 * of a subtype).
 *
 * @param <I> the events it receives
 * @param <C> its command type
 */
public interface ConsumerRef<I, C> extends StageRef<C> {}
