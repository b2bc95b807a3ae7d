/**
 * Stages: demand-driven producers, producer-consumers and consumers, each an ordinary Akka Typed
 * actor running a handler you write. Events flow down, demand flows up: a consumer subscribes to a
 * producer and asks for events, and the producer emits only what was asked for.
 *
 * <p>Start with the handler base classes {@link io.genstage.Producer},
 * {@link io.genstage.ProducerConsumer} and {@link io.genstage.Consumer}; {@link io.genstage.Stages}
 * turns a handler into a {@link io.genstage.StageSpec} to spawn, and the typed references
 * ({@link io.genstage.ProducerRef}, {@link io.genstage.ConsumerRef}) are what stages subscribe
 * with. {@link io.genstage.SubscribeOptions} sets a subscription's demand, cancel mode and
 * delivery; {@link io.genstage.GenStage} subscribes, calls, casts and stops running stages from
 * anywhere; inside a callback, {@link io.genstage.StageContext} does the rest.
 *
 * <p>Guide: docs/stages.md (kinds of stage, demand with numbers, buffering, calls, cancellation
 * and stopping).
 */
package io.genstage;
