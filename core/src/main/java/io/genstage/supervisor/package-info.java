/**
 * {@link io.genstage.supervisor.DynamicSupervisor}: a supervisor that starts children from one
 * template, watches them and restarts them itself (GenStage's ConsumerSupervisor). Children start
 * on request ({@link io.genstage.supervisor.DynamicSupervisor#startChild}), or one per event when
 * the supervisor is subscribed to producers, so that demand bounds how many run at once.
 *
 * <p>Start with {@link io.genstage.supervisor.ChildSpec}, the template ({@code ChildSpec.of} for a
 * behaviour per argument, {@code ChildSpec.task} for a task run once per argument), with its
 * {@link io.genstage.supervisor.Restart} type and {@link io.genstage.supervisor.Shutdown} policy;
 * {@link io.genstage.supervisor.SupervisorOptions} sets the restart intensity and a bound on
 * children started on request. {@link io.genstage.supervisor.ChildInfo} and
 * {@link io.genstage.supervisor.ChildCounts} report the children.
 *
 * <p>Guide: docs/supervisors.md.
 */
package io.genstage.supervisor;
