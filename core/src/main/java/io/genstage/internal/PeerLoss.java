package io.genstage.internal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import io.genstage.CancelReason;

/**
 * INTERNAL API. Why a watched peer on another node terminated without a cancel: Akka's
 * {@code Terminated} does not say whether the peer stopped or its node was lost. The stage asks
 * the implementation named by {@code genstage.peer-loss} (the cluster module's
 * {@code reference.conf} names one that reads the cluster's membership); without it, the answer is
 * {@link CancelReason#TERMINATED}.
 */
@InternalApi
public interface PeerLoss extends Extension {

  /** The reason {@code peer}'s subscriptions end with. */
  CancelReason reasonFor(ActorRef<?> peer);

  /** The configured implementation; a class named there has a constructor taking the ActorSystem. */
  static PeerLoss get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** The extension's id. */
  final class Id extends ExtensionId<PeerLoss> {
    static final Id INSTANCE = new Id();
    static final String SETTING = "genstage.peer-loss";

    private Id() {}

    @Override
    public PeerLoss createExtension(ActorSystem<?> system) {
      var config = system.settings().config();
      if (!config.hasPath(SETTING) || config.getString(SETTING).isBlank()) {
        return peer -> CancelReason.TERMINATED;
      }
      String className = config.getString(SETTING);
      try {
        return (PeerLoss) Class.forName(className).getConstructor(ActorSystem.class).newInstance(system);
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IllegalArgumentException(SETTING + " must name a PeerLoss with a constructor taking the"
            + " ActorSystem, got: " + className, e);
      }
    }
  }
}
