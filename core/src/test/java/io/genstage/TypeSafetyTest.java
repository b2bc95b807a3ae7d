package io.genstage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** Mismatched event types must not compile; matching ones must. Checked by running javac on snippets. */
class TypeSafetyTest {

  private static final String PRELUDE = """
      import io.genstage.*;
      import io.genstage.dispatch.*;
      import java.util.List;
      class Snippet {
        static final class Numbers extends Producer<Integer, Void> {
          @Override protected List<Integer> handleDemand(long d) { return List.of(); }
        }
        static final class Words extends Consumer<String, Void> {
          @Override protected void handleEvents(List<String> e, Subscription f) {}
        }
        static final class AnyEvents extends Consumer<Object, Void> {
          @Override protected void handleEvents(List<Object> e, Subscription f) {}
        }
        static final class Halver extends ProducerConsumer<String, Integer, Void> {
          @Override protected List<Integer> handleEvents(List<String> e, Subscription f) { return List.of(); }
        }
        static void wire(akka.actor.typed.ActorSystem<?> system, ProducerRef<Integer, Void> numbers,
                         ConsumerRef<String, Void> words, ConsumerRef<Object, Void> any) {
      """;

  /** javac's error output, or null when the snippet compiles. */
  private static String errors(String body) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
      @Override public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return PRELUDE + body + "\n  }\n}\n";
      }
    };
    StringWriter out = new StringWriter();
    List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-proc:none",
        "-d", System.getProperty("java.io.tmpdir") + "/genstage-typesafety");
    javax.tools.DiagnosticCollector<JavaFileObject> diagnostics = new javax.tools.DiagnosticCollector<>();
    boolean ok = javac.getTask(out, null, diagnostics, options, null, List.of(source)).call();
    if (ok) {
      return null;
    }
    // The codes and messages only, not the source lines, which name the types whatever the error.
    StringBuilder errors = new StringBuilder();
    for (var d : diagnostics.getDiagnostics()) {
      errors.append(d.getCode()).append(": ").append(d.getMessage(java.util.Locale.ROOT)).append('\n');
    }
    return errors.toString();
  }

  private static void assertRejectedForItsTypes(String body) {
    String errors = errors(body);
    assertTrue(errors != null, "expected a compile error");
    // Rejected for the event types, not for a missing class or a classpath problem.
    assertFalse(errors.contains("cannot find symbol") || errors.contains("does not exist")
        || errors.contains("already defined"), errors);
    // A method that cannot be applied to these arguments, or a value of the wrong type.
    assertTrue(errors.contains("compiler.err.cant.apply") || errors.contains("compiler.err.prob.found.req"), errors);
    assertTrue(errors.contains("String") && errors.contains("Integer"), errors);
  }

  @Test
  void matchingEventTypesCompile() {
    assertNull(errors("GenStage.subscribe(system, any, numbers); Stages.consumer(AnyEvents::new, SubscribeTo.of(numbers));"));
  }

  @Test
  void dispatchersForTheProducersEventsOrASupertypeCompile() {
    assertNull(errors("""
        Stages.producer(Numbers::new);
        Stages.producer(Numbers::new, ProducerOptions.defaults());
        Stages.producer(Numbers::new, ProducerOptions.defaults().withBufferSize(5).withDemand(DemandMode.ACCUMULATE));
        Stages.producer(Numbers::new, ProducerOptions.defaults().withDispatcher(BroadcastDispatcher.factory()));
        Stages.producer(Numbers::new, ProducerOptions.defaults().withDispatcher(PartitionDispatcher.factory(2)));
        Stages.producer(Numbers::new, ProducerOptions.defaults().withDispatcher(DemandDispatcher.factory(true, 10)));
        Stages.producer(Numbers::new, ProducerOptions.defaults()
            .withDispatcher(PartitionDispatcher.factory(2, (Integer i) -> i % 2)).withBufferSize(5));
        Stages.producer(Numbers::new, ProducerOptions.defaults()
            .withDispatcher(PartitionDispatcher.factory(2, (Number n) -> n.intValue() % 2)));
        Stages.producer(Numbers::new, ProducerOptions.defaults()
            .withDispatcher(PartitionDispatcher.factory(2, (Object o) -> Math.floorMod(o.hashCode(), 2))));
        Stages.producer(Numbers::new, ProducerOptions.defaults().withDispatcher(PartitionDispatcher.factory(2, i -> i % 2)));
        Stages.producer(() -> new Numbers(), ProducerOptions.defaults().withDispatcher(PartitionDispatcher.factory(2, i -> i % 2)));
        ProducerOptions<Integer> kept = ProducerOptions.defaults().withDispatcher(PartitionDispatcher.factory(2, i -> i % 2));
        ProducerOptions<Object> plain = ProducerOptions.defaults().withBufferSize(5);
        Stages.producer(Numbers::new, kept);
        var typedByTheHash = ProducerOptions.defaults().withDispatcher(PartitionDispatcher.factory(2, (Integer i) -> i % 2));
        Stages.producer(Numbers::new, typedByTheHash);
        Stages.producer(Numbers::new, plain);
        DispatcherFactory<Integer> broadcast = BroadcastDispatcher.factory();
        Stages.producer(Numbers::new, ProducerOptions.defaults().withDispatcher(broadcast));
        Stages.producerConsumer(Halver::new);
        Stages.producerConsumer(Halver::new, ProducerConsumerOptions.defaults().withDispatcher(BroadcastDispatcher.factory()));
        Stages.producerConsumer(Halver::new, ProducerConsumerOptions.defaults()
            .withDispatcher(PartitionDispatcher.factory(2, (Integer i) -> i % 2)), SubscribeTo.of((ProducerRef<String, Void>) null));
        """));
  }

  @Test
  void aPartitionHashForAnotherEventTypeDoesNotCompile() {
    assertRejectedForItsTypes("""
        Stages.producer(Numbers::new, ProducerOptions.defaults()
            .withDispatcher(PartitionDispatcher.factory(2, (String s) -> s.length() % 2)));
        """);
  }

  @Test
  void aPartitionHashForAnotherEventTypeDoesNotCompileForAProducerConsumer() {
    // Halver takes strings and emits integers: its dispatcher sees the integers.
    assertRejectedForItsTypes("""
        Stages.producerConsumer(Halver::new, ProducerConsumerOptions.defaults()
            .withDispatcher(PartitionDispatcher.factory(2, (String s) -> s.length() % 2)));
        """);
  }

  @Test
  void aBroadcastDispatcherForAnotherEventTypeDoesNotCompile() {
    assertRejectedForItsTypes("""
        DispatcherFactory<String> forWords = BroadcastDispatcher.factory();
        Stages.producer(Numbers::new, ProducerOptions.defaults().withDispatcher(forWords));
        """);
  }

  @Test
  void optionsForAnotherEventTypeDoNotCompileWhenKeptInAVariable() {
    assertRejectedForItsTypes("""
        var options = ProducerOptions.defaults().withDispatcher(PartitionDispatcher.<String>factory(2));
        Stages.producer(Numbers::new, options.withBufferSize(5));
        """);
  }

  @Test
  void selectorsForTheProducersEventsOrASupertypeCompile() {
    // "any" takes Object and subscribes to "numbers", which emits Integer: the selector sees the
    // producer's events, so it may be written for Integer (or a supertype), not only for Object.
    assertNull(errors("""
        ProducerRef<String, Void> lines = null;
        SubscribeOptions<Object> plain = SubscribeOptions.defaults().withMaxDemand(10);
        GenStage.subscribe(system, any, numbers, SubscribeOptions.defaults().withMaxDemand(10));
        GenStage.subscribe(system, any, numbers, plain.withCancel(CancelMode.TEMPORARY));
        Stages.consumer(AnyEvents::new, SubscribeTo.of(numbers, SubscribeOptions.defaults().withMaxDemand(10)));
        Stages.consumer(Words::new, SubscribeTo.of(lines, SubscribeOptions.defaults().withMaxDemand(10).withPartition(0)));
        SubscribeOptions<String> prefixed = SubscribeOptions.defaults().withSelector((String e) -> e.startsWith("pref"));
        var prefixedSmall = SubscribeOptions.defaults().withSelector((String e) -> e.startsWith("pref")).withMaxDemand(5);
        Stages.consumer(Words::new, SubscribeTo.of(lines, prefixed), SubscribeTo.of(lines, prefixedSmall));
        Stages.consumer(Words::new, SubscribeTo.of(lines, SubscribeOptions.defaults().withSelector(e -> e.startsWith("pref"))));
        Stages.consumer(Words::new, SubscribeTo.of(lines, SubscribeOptions.defaults().withMaxDemand(5)
            .withSelector(e -> e.startsWith("pref"))));
        Stages.consumer(AnyEvents::new, SubscribeTo.of(lines, prefixed), SubscribeTo.of(numbers, plain));
        GenStage.subscribe(system, any, numbers, SubscribeOptions.defaults().withSelector((Integer i) -> i > 0));
        GenStage.subscribe(system, any, numbers, SubscribeOptions.defaults().withSelector(i -> i > 0));
        GenStage.subscribe(system, any, numbers, SubscribeOptions.defaults().withSelector((Number n) -> n.intValue() > 0));
        GenStage.subscribe(system, any, numbers, SubscribeOptions.defaults().withSelector((Object o) -> o != null));
        GenStage.asyncSubscribe(any, numbers, SubscribeOptions.defaults().withSelector(i -> i > 0));
        GenStage.subscribe(system, words, lines, prefixedSmall, java.time.Duration.ofSeconds(1));
        GenStage.resubscribe(system, any, null, CancelReason.NORMAL, numbers, SubscribeOptions.defaults().withSelector(i -> i > 0));
        GenStage.asyncResubscribe(words, null, CancelReason.NORMAL, lines, prefixed);
        io.genstage.supervisor.DynamicSupervisor.create(io.genstage.supervisor.ChildSpec.of((Integer i) -> akka.actor.typed.javadsl.Behaviors.empty()),
            SubscribeTo.of(numbers, SubscribeOptions.defaults().withMaxDemand(5).withSelector(i -> i > 0)));
        Stages.consumer(AnyEvents::new, SubscribeTo.of(numbers, SubscribeOptions.defaults().withSelector(i -> i > 0)));
        SubscribeOptions<Integer> positive = SubscribeOptions.defaults().withMaxDemand(10).withSelector(i -> i > 0);
        java.util.function.Predicate<Number> small = n -> n.intValue() < 10;
        SubscribeOptions<Integer> smallIntegers = SubscribeOptions.defaults().withSelector(small);
        Stages.consumer(AnyEvents::new, SubscribeTo.of(numbers, positive), SubscribeTo.of(numbers, smallIntegers));
        Stages.producerConsumer(Halver::new, SubscribeTo.of(lines, prefixed));
        SubscribeOptions<?> unknown = positive;
        Integer maxDemand = unknown.maxDemand();
        """));
  }

  @Test
  void aSelectorForAnotherEventTypeDoesNotCompile() {
    assertRejectedForItsTypes("""
        GenStage.subscribe(system, any, numbers, SubscribeOptions.defaults().withSelector((String s) -> s.isEmpty()));
        """);
  }

  @Test
  void aSelectorForAnotherEventTypeDoesNotCompileWhenStartingSubscribed() {
    assertRejectedForItsTypes("""
        Stages.consumer(AnyEvents::new, SubscribeTo.of(numbers, SubscribeOptions.defaults().withSelector((String s) -> s.isEmpty())));
        """);
  }

  @Test
  void aSelectorForAnotherEventTypeDoesNotCompileWhenKeptInAVariable() {
    assertRejectedForItsTypes("""
        var options = SubscribeOptions.defaults().withSelector((String s) -> s.isEmpty()).withMaxDemand(5);
        GenStage.asyncSubscribe(any, numbers, options.withCancel(CancelMode.TEMPORARY));
        """);
  }

  @Test
  void aSelectorForASubtypeOfTheConsumersEventsButNotTheProducersDoesNotCompile() {
    // "any" could take strings, but "numbers" does not emit them: the producer's type decides.
    assertRejectedForItsTypes("""
        SubscribeOptions<String> forWords = SubscribeOptions.defaults().withSelector(s -> s.isEmpty());
        Stages.consumer(AnyEvents::new, SubscribeTo.of(numbers, forWords));
        """);
  }

  @Test
  void anUntypedSelectorFollowedByAnotherWitherTakesObjects() {
    // Not the last call of the chain, the lambda has no target to take a type from (documented).
    String errors = errors("""
        GenStage.subscribe(system, any, numbers, SubscribeOptions.defaults().withSelector(i -> i > 0).withMaxDemand(5));
        """);
    assertTrue(errors != null && errors.contains("Object"), String.valueOf(errors));
  }

  @Test
  void aStringConsumerCannotSubscribeToAnIntegerProducer() {
    assertRejectedForItsTypes("GenStage.subscribe(system, words, numbers);");
  }

  @Test
  void aStringConsumerCannotStartSubscribedToAnIntegerProducer() {
    assertRejectedForItsTypes("Stages.consumer(Words::new, SubscribeTo.of(numbers));");
  }
}
