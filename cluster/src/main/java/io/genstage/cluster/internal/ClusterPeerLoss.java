package io.genstage.cluster.internal;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.genstage.CancelReason;
import io.genstage.internal.PeerLoss;

/**
 * INTERNAL API. A peer on another node terminated without a cancel: if its node is unreachable,
 * downed, leaving the cluster or gone from it, the node was lost with it
 * ({@link CancelReason#noConnection}); otherwise the peer itself stopped ({@code TERMINATED}).
 */
public final class ClusterPeerLoss implements PeerLoss {
  private final Cluster cluster;

  public ClusterPeerLoss(ActorSystem<?> system) {
    this.cluster = Cluster.get(system);
  }

  @Override
  public CancelReason reasonFor(ActorRef<?> peer) {
    Address node = peer.path().address();
    ClusterEvent.CurrentClusterState state = cluster.state();
    for (Member unreachable : state.getUnreachable()) {
      if (unreachable.address().equals(node)) {
        return CancelReason.noConnection(node.toString());
      }
    }
    for (Member member : state.getMembers()) {
      if (member.address().equals(node)) {
        MemberStatus status = member.status();
        boolean gone = status == MemberStatus.down() || status == MemberStatus.exiting()
            || status == MemberStatus.removed();
        return gone ? CancelReason.noConnection(node.toString()) : CancelReason.TERMINATED;
      }
    }
    return CancelReason.noConnection(node.toString()); // no longer a member
  }
}
