/**
 * Seeing a running pipeline: {@link io.genstage.observe.StageStats}, the snapshot any stage answers
 * with through {@link io.genstage.GenStage#stats}, and {@link io.genstage.observe.Topology}, the
 * graph of stages walked from a few of them and drawn as Mermaid or Graphviz DOT text.
 *
 * <p>Guide: docs/observability.md (the snapshot's numbers, the stall detector, the JFR events, the
 * picture).
 */
package io.genstage.observe;
