package io.genstage.observe;

import akka.actor.typed.ActorRef;
import io.genstage.StageKind;
import io.genstage.protocol.WireMessage;
import java.time.Instant;
import java.util.List;

/**
 * What a stage reports of itself at one moment: an immutable snapshot, answered by
 * {@link io.genstage.GenStage#stats}. Counters count since the stage's current incarnation started
 * (a restart starts them again at zero). It crosses nodes: a stage on another node answers with it.
 *
 * @param stage the stage's actor
 * @param name the stage's actor path, as its log lines name it
 * @param kind producer, producer-consumer or consumer
 * @param producers this stage's subscriptions to producers, in the order they were made (empty
 *     for a producer)
 * @param consumers the consumers' subscriptions to this stage, in the order they were made
 *     (empty for a consumer)
 * @param bufferSize how many events the output buffer keeps (0 for a consumer)
 * @param buffered events in the output buffer now, waiting for demand, together with those held
 *     while a producer accumulates demand
 * @param bufferHighWaterMark the most events the output buffer has held at once
 * @param discarded events the output buffer has discarded because it was full
 * @param queuedInput a producer-consumer's received events that wait for its consumers' demand
 *     before its handler sees them (0 for other kinds)
 * @param eventsIn events that arrived from producers, on every subscription it has had
 * @param eventsOut events sent to consumers, on every subscription it has had (an event a
 *     broadcast sends to four consumers counts four times)
 * @param lastEventIn when the last batch arrived from a producer; null if none has
 * @param lastEventOut when the last batch was sent to a consumer; null if none was
 */
public record StageStats(
    ActorRef<?> stage,
    String name,
    StageKind kind,
    List<SubscriptionStats> producers,
    List<SubscriptionStats> consumers,
    int bufferSize,
    int buffered,
    int bufferHighWaterMark,
    long discarded,
    int queuedInput,
    long eventsIn,
    long eventsOut,
    Instant lastEventIn,
    Instant lastEventOut) implements WireMessage {}
