package io.genstage.interop;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Source;
import akka.stream.javadsl.StreamConverters;
import io.genstage.SubscribeTo;
import io.genstage.interop.internal.SourceStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** Producers consumed as blocking Java streams (GenStage's {@code stream}). */
public final class StageStreams {
  private StageStreams() {}

  /**
   * A blocking, lazily demanded stream of the events of {@code subscriptions}' producers, merged.
   * Each subscription asks as its options say ({@code maxDemand} first, then refills at
   * {@code minDemand}). Its cancel mode decides what a producer's end does, as in GenStage: a
   * {@code PERMANENT} subscription fails the stream (with a {@link io.genstage.StageExitException}
   * carrying the reason) whatever the reason, a {@code TRANSIENT} one only for abnormal reasons, and a
   * {@code TEMPORARY} one just ends; the stream ends when no subscription is left. Closing the stream
   * (use try-with-resources) cancels every subscription.
   *
   * @param <T> the stream's elements
   * @param system the actor system the stream runs in; not null
   * @param subscriptions the producers to read, each with its options; at least one
   * @return the stream; closing it cancels the subscriptions
   * @throws IllegalArgumentException when {@code subscriptions} is empty
   */
  @SafeVarargs
  public static <T> Stream<T> stream(ActorSystem<?> system, SubscribeTo<? extends T>... subscriptions) {
    Objects.requireNonNull(system, "system");
    if (subscriptions.length == 0) {
      throw new IllegalArgumentException("stream expects at least one subscription, got: none");
    }
    List<Source<T, NotUsed>> sources = new ArrayList<>();
    for (SubscribeTo<? extends T> s : subscriptions) {
      Objects.requireNonNull(s, "subscription");
      sources.add(Source.fromGraph(new SourceStage<T>(StageSource.protocolRef(s.producer()), s.options(),
          SourceStage.Ending.BY_CANCEL_MODE)).mapMaterializedValue(c -> NotUsed.getInstance()));
    }
    Source<T, NotUsed> merged = sources.get(0);
    for (Source<T, NotUsed> next : sources.subList(1, sources.size())) {
      merged = merged.merge(next); // completes when both have completed, fails when either fails
    }
    return merged.runWith(StreamConverters.asJavaStream(), system);
  }
}
