package io.genstage.dataflow;

/**
 * What a windowed {@link Dataflow#reduce} emits: one window's accumulator at a trigger or at the
 * window's close.
 *
 * <p>For a fixed window, {@code start} and {@code end} are its bounds in event time (milliseconds,
 * end exclusive); for a count window, the numbers of its first event and of the event after its
 * last, counted per stage from 0.
 *
 * @param start where the window starts
 * @param end where the window ends (exclusive)
 * @param value the accumulator
 * @param last true for the pane emitted when the window closed (or the input ended): the window
 *     emits nothing more
 * @param <A> the accumulator
 */
public record Pane<A>(long start, long end, A value, boolean last) {}
