package io.genstage.dataflow.internal;

import io.genstage.ProducerRef;
import io.genstage.internal.InternalApi;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * INTERNAL API. What a dataflow runs: its source (a stream, running producers, or the last stages
 * of merged dataflows' plans) and its layers of stages.
 *
 * @param stream the source stream's supplier; null for the other sources
 * @param producers running producers to start from, when there is no stream and no inputs
 * @param inputs merged dataflows, whose last stages feed the first layer
 * @param phases the layers, in order
 */
@InternalApi
public record Plan(Supplier<? extends Stream<?>> stream, List<ProducerRef<?, ?>> producers, List<Plan> inputs,
    List<Phase> phases) {}
