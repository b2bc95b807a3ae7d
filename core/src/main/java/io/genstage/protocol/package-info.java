/**
 * The messages stages exchange, for writing a stage (or a bridge) outside this library. A consumer
 * sends {@link io.genstage.protocol.ProducerMessage}s (subscribe, ask, cancel) and a producer
 * answers with {@link io.genstage.protocol.ConsumerMessage}s (events, cancelled); each subscription
 * is named by a {@link io.genstage.protocol.SubscriptionTag} that the consumer creates. The
 * numbered variants ({@link io.genstage.protocol.ProducerMessage.AskUpTo},
 * {@link io.genstage.protocol.ConsumerMessage.NumberedEvents}) serve subscriptions whose messages
 * can be lost: across nodes, or delivered at least once.
 *
 * <p>Every message and every value inside one is a {@link io.genstage.protocol.WireMessage}, the
 * type the {@code genstage-cluster} serializer is bound to. Applications that only use the
 * library's stages never touch this package.
 *
 * <p>Guide: docs/protocol.md (the messages, the rules for each side, ordering and termination).
 */
package io.genstage.protocol;
