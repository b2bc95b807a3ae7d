package io.genstage.bench;

import akka.stream.Attributes;
import akka.stream.Inlet;
import akka.stream.SinkShape;
import akka.stream.javadsl.Sink;
import akka.stream.stage.AbstractInHandler;
import akka.stream.stage.GraphStageLogic;
import akka.stream.stage.GraphStageWithMaterializedValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import scala.Tuple2;

/**
 * The Akka Streams counterpart of {@link Fixtures.Counting}: a sink that counts elements (and sums
 * them, as the counting consumer does) in fields, with no per-element allocation and no extra
 * stage, and completes its materialized future when it has counted {@code target} elements, or when
 * upstream completes. Elements identical to
 * {@link #MARKER} are not counted; the first element of any kind counts {@code arrived} down once
 * (the BroadcastHub baseline uses both to know that every consumer is attached).
 */
final class CountingSink extends GraphStageWithMaterializedValue<SinkShape<Integer>, CompletableFuture<Long>> {
  /** A value no source emits as an event ({@code Source.range} starts at 1). */
  static final Integer MARKER = Integer.valueOf(-1);

  private final Inlet<Integer> in = Inlet.create("CountingSink.in");
  private final SinkShape<Integer> shape = SinkShape.of(in);
  private final long target;
  private final CountDownLatch arrived;

  private CountingSink(long target, CountDownLatch arrived) {
    this.target = target;
    this.arrived = arrived;
  }

  /** Completes after {@code target} elements (or at upstream completion when {@code target} is 0). */
  static Sink<Integer, CompletableFuture<Long>> counting(long target) {
    return Sink.fromGraph(new CountingSink(target, null));
  }

  /** As {@link #counting}, and counts {@code arrived} down at its first element. */
  static Sink<Integer, CompletableFuture<Long>> counting(long target, CountDownLatch arrived) {
    return Sink.fromGraph(new CountingSink(target, arrived));
  }

  @Override
  public SinkShape<Integer> shape() {
    return shape;
  }

  @Override
  public Tuple2<GraphStageLogic, CompletableFuture<Long>> createLogicAndMaterializedValue(Attributes attributes) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    GraphStageLogic logic = new GraphStageLogic(shape) {
      private long count;
      private long sum;
      private boolean first = true;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            Integer element = grab(in);
            if (first) {
              first = false;
              if (arrived != null) {
                arrived.countDown();
              }
            }
            if (element != MARKER) {
              sum += element;
              if (++count == target) {
                done.complete(count);
              }
            }
            pull(in);
          }

          @Override
          public void onUpstreamFinish() {
            done.complete(count);
            completeStage();
          }

          @Override
          public void onUpstreamFailure(Throwable cause) {
            done.completeExceptionally(cause);
            failStage(cause);
          }
        });
      }

      @Override
      public void preStart() {
        pull(in);
      }

      @Override
      public void postStop() {
        done.completeExceptionally(new IllegalStateException("counting sink stopped after " + count + " elements"));
      }
    };
    return new Tuple2<>(logic, done);
  }
}
