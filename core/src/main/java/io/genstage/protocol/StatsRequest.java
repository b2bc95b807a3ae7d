package io.genstage.protocol;

import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import io.genstage.observe.StageStats;

/**
 * Asks a stage for its {@link StageStats}: what {@code GenStage.stats} and {@code Topology.walk}
 * send. Every stage of this library answers it; an actor that speaks the protocol without being
 * one (the Akka Streams bridges, a stage of your own) MAY answer it too, so that pictures show it as
 * what it is instead of waiting for it (docs/protocol.md).
 *
 * @param replyTo where the answer goes
 */
public record StatsRequest(ActorRef<StatusReply<StageStats>> replyTo) implements WireMessage {}
