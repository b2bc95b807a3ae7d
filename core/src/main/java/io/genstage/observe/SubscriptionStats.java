package io.genstage.observe;

import akka.actor.typed.ActorRef;
import io.genstage.AskMode;
import io.genstage.CancelMode;
import io.genstage.protocol.SubscriptionTag;
import java.time.Instant;

/**
 * One subscription as one of its two stages sees it, in a {@link StageStats}: in
 * {@link StageStats#producers()} the stage is the consumer and {@code peer} its producer; in
 * {@link StageStats#consumers()} the stage is the producer and {@code peer} its consumer.
 *
 * @param tag the subscription's tag, the same on both sides
 * @param peer the stage at the other end
 * @param pendingDemand events asked for and not yet sent (on the producer's side) or not yet
 *     arrived (on the consumer's side); the two differ by the events on their way
 * @param minDemand the subscription's min demand (across nodes, its remote bounds)
 * @param maxDemand the subscription's max demand (across nodes, its remote bounds)
 * @param askMode whether the consumer asks itself ({@link AskMode#MANUAL}) or the stage asks for
 *     it; null on the producer's side, which cannot know
 * @param cancelMode what the consumer does when this subscription ends
 * @param events events that arrived on it (the consumer's side) or were sent on it (the
 *     producer's side)
 * @param lastEvent when its last batch arrived or was sent; null if none has
 * @param stalled whether the stall detector reported it and it has not moved since
 *     ({@code genstage.stall-detection.after}; always false while detection is off)
 */
public record SubscriptionStats(
    SubscriptionTag tag,
    ActorRef<?> peer,
    long pendingDemand,
    int minDemand,
    int maxDemand,
    AskMode askMode,
    CancelMode cancelMode,
    long events,
    Instant lastEvent,
    boolean stalled) {}
