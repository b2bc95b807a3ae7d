/**
 * Micrometer meters for running stages. {@link io.genstage.micrometer.StageMetrics} is a
 * {@code MeterBinder}: bound to a registry, it walks a pipeline from a few of its stages on the
 * actor system's scheduler and keeps a gauge or counter for each stage's buffer and event counts
 * and for each subscription's pending demand, events and stall, removing those of stages that are
 * gone.
 *
 * <p>Guide: docs/observability.md (the meters, their tags, and how to bind them).
 */
package io.genstage.micrometer;
