package io.genstage;

/**
 * A stage that emits events of type {@code O}: consumers of {@code O} (or of a supertype) can
 * subscribe to it.
 *
 * @param <O> the events it emits
 * @param <C> its command type
 */
public interface ProducerRef<O, C> extends StageRef<C> {}
