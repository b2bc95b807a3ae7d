package io.genstage.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The bridges tie a subscription's selector to the events of the producer they subscribe to, as
 * core's {@code TypeSafetyTest} checks for {@code GenStage.subscribe} and {@code SubscribeTo.of}.
 * Checked by running javac on snippets.
 */
class StageBridgesTypeSafetyTest {

  private static final String PRELUDE = """
      import io.genstage.*;
      import io.genstage.interop.*;
      class Snippet {
        static void wire(akka.actor.typed.ActorSystem<?> system, ProducerRef<Integer, Void> numbers,
                         ConsumerRef<Integer, Void> numberSink, ProducerConsumerRef<String, Integer, Void> lengths) {
      """;

  /** javac's error codes and messages, or null when the snippet compiles. */
  private static String errors(String body) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
      @Override public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return PRELUDE + body + "\n  }\n}\n";
      }
    };
    List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-proc:none",
        "-d", System.getProperty("java.io.tmpdir") + "/genstage-interop-typesafety");
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok = javac.getTask(new StringWriter(), null, diagnostics, options, null, List.of(source)).call();
    if (ok) {
      return null;
    }
    StringBuilder errors = new StringBuilder();
    for (var d : diagnostics.getDiagnostics()) {
      errors.append(d.getCode()).append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
    }
    return errors.toString();
  }

  private static void assertRejectedForItsTypes(String body) {
    String errors = errors(body);
    assertTrue(errors != null, "expected a compile error");
    assertFalse(errors.contains("cannot find symbol") || errors.contains("does not exist"), errors);
    assertTrue(errors.contains("compiler.err.cant.apply") || errors.contains("compiler.err.prob.found.req"), errors);
    assertTrue(errors.contains("String") && errors.contains("Integer"), errors);
  }

  @Test
  void selectorsForTheProducersEventsCompile() {
    assertNull(errors("""
        StageSource.from(numbers, SubscribeOptions.defaults().withMaxDemand(4));
        StageSource.from(numbers, SubscribeOptions.defaults().withSelector((Integer i) -> i > 0));
        StageSource.from(numbers, SubscribeOptions.defaults().withSelector(i -> i > 0));
        StageSource.<Integer>from(numbers, SubscribeOptions.defaults().withSelector((Number n) -> n.intValue() > 0));
        StageSink.to(numberSink, SubscribeOptions.defaults().withMaxDemand(4), system);
        StageSink.to(numberSink, SubscribeOptions.defaults().withSelector((Integer i) -> i > 0), system);
        StageFlow.through(lengths, SubscribeOptions.defaults().withSelector((String s) -> !s.isEmpty()),
            SubscribeOptions.defaults().withSelector((Integer i) -> i > 0), system);
        StageFlow.through(lengths, SubscribeOptions.defaults().withSelector(s -> !s.isEmpty()),
            SubscribeOptions.defaults().withSelector(i -> i > 0), system);
        FlowAdapters.publisher(numbers, SubscribeOptions.defaults().withSelector(i -> i > 0), system);
        FlowAdapters.subscriber(numberSink, SubscribeOptions.defaults().withSelector((Integer i) -> i > 0), system);
        StageStreams.stream(system, SubscribeTo.of(numbers, SubscribeOptions.defaults().withSelector(i -> i > 0)));
        """));
  }

  @Test
  void aSourceWithASelectorForAnotherEventTypeDoesNotCompile() {
    assertRejectedForItsTypes("""
        StageSource.from(numbers, SubscribeOptions.defaults().withSelector((String s) -> s.isEmpty()));
        """);
  }

  @Test
  void aFlowWithSelectorsTheWrongWayRoundDoesNotCompile() {
    // The stage takes strings and emits integers: "in" selects strings, "out" integers.
    assertRejectedForItsTypes("""
        StageFlow.through(lengths, SubscribeOptions.defaults().withSelector((Integer i) -> i > 0),
            SubscribeOptions.defaults().withSelector((String s) -> s.isEmpty()), system);
        """);
  }

  @Test
  void aSinkOrPublisherWithASelectorForAnotherEventTypeDoesNotCompile() {
    assertRejectedForItsTypes("""
        StageSink.to(numberSink, SubscribeOptions.defaults().withSelector((String s) -> s.isEmpty()), system);
        """);
    assertRejectedForItsTypes("""
        FlowAdapters.publisher(numbers, SubscribeOptions.defaults().withSelector((String s) -> s.isEmpty()), system);
        """);
  }
}
