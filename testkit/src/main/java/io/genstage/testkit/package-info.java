/**
 * Probes for tests of stages. {@link io.genstage.testkit.ProducerProbe} is a real producer the
 * stage under test subscribes to: the test sees each subscription, ask and cancel, and makes it
 * emit, end or fail. {@link io.genstage.testkit.ConsumerProbe} is a real consumer that subscribes to
 * the stage under test, asks when told to, and expects events, batches, quiet and cancels.
 *
 * <p>Guide: docs/testing.md.
 */
package io.genstage.testkit;
