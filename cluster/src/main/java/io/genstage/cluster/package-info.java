/**
 * Stages across the nodes of an Akka Cluster. With this module on the classpath the stage protocol
 * crosses nodes over Akka's remoting (its {@code reference.conf} binds the library's messages to
 * the module's serializer; bind your own event types as for any Akka message), and subscriptions
 * between nodes number their events so that a lost message never stalls them.
 *
 * <p>Start with {@link io.genstage.cluster.StageDiscovery}, which registers producers under a
 * {@link io.genstage.cluster.ProducerKey} with Akka's Receptionist and subscribes consumers to
 * every producer listed under the key, on any node. A stage that failed on another node reaches
 * this one as a {@link io.genstage.cluster.RemoteFailureException}, the cause of its failure reason.
 *
 * <p>Guide: docs/cluster.md (set-up, what crosses and what does not, the remote window, delivery
 * modes, node loss, a worker pool across JVMs).
 */
package io.genstage.cluster;
