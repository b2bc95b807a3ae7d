/**
 * Bridges between stages and the rest of the JVM: Akka Streams, Java streams and Reactive Streams.
 * Each bridge carries the stage's demand: a stream pulls only what a consumer asked for, and a
 * stage read as a stream asks only for what downstream pulls.
 *
 * <p>{@link io.genstage.interop.StageSource} reads a producer as an Akka Streams {@code Source};
 * {@link io.genstage.interop.StageSink} feeds a consumer from a {@code Sink}, or makes a sink that
 * is itself a producer; {@link io.genstage.interop.StageFlow} runs a {@code Flow} through a
 * producer-consumer. {@link io.genstage.interop.Producers} makes producers from collections, Java
 * streams and Akka Streams sources; {@link io.genstage.interop.StageStreams} reads producers as a
 * blocking {@code java.util.stream.Stream}; {@link io.genstage.interop.FlowAdapters} adapts stages
 * to {@code java.util.concurrent.Flow} publishers and subscribers.
 *
 * <p>Guide: docs/interop.md.
 */
package io.genstage.interop;
