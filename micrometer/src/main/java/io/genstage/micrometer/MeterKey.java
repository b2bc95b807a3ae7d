package io.genstage.micrometer;

import io.micrometer.core.instrument.Tags;

/** A group of meters by its tags: one stage, or the subscriptions that share the same tags. */
record MeterKey(Group group, Tags tags) {}
