/**
 * Dispatchers: how a producer decides which of its consumers receives which events. A producer's
 * options name a {@link io.genstage.dispatch.DispatcherFactory}, and each incarnation of the
 * producer gets a fresh {@link io.genstage.dispatch.Dispatcher} from it.
 *
 * <p>Three come with the library: {@link io.genstage.dispatch.DemandDispatcher} (the default: each
 * batch to the consumer with the most outstanding demand),
 * {@link io.genstage.dispatch.BroadcastDispatcher} (every event to every consumer, filtered by
 * each one's selector) and {@link io.genstage.dispatch.PartitionDispatcher} (each event to the one
 * consumer that owns its partition). To write your own, implement
 * {@link io.genstage.dispatch.Dispatcher}: it sends through
 * {@link io.genstage.dispatch.ConsumerHandle}s and asks the producer for more through
 * {@link io.genstage.dispatch.DispatcherContext}.
 *
 * <p>Guide: docs/dispatchers.md.
 */
package io.genstage.dispatch;
