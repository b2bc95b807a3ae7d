/**
 * Parallel dataflow on stages. A {@link io.genstage.dataflow.Dataflow} reads a source by demand,
 * runs per-event operations fused into stages, routes events by key to the stage that owns the key
 * and reduces per stage; every stage is an ordinary stage of {@code genstage-core}.
 *
 * <p>Guide: docs/dataflow.md.
 */
package io.genstage.dataflow;
