package io.genstage.supervisor;

import akka.actor.typed.ActorRef;
import java.util.Optional;

/**
 * One child of a {@link DynamicSupervisor}, as {@link DynamicSupervisor#whichChildren} reports it.
 *
 * @param child the running child; empty while it is being restarted
 * @param restarting whether its restart failed and is being retried
 * @param perEvent whether it was started for an event (it holds a demand slot) rather than on request
 */
public record ChildInfo(Optional<ActorRef<?>> child, boolean restarting, boolean perEvent) {}
