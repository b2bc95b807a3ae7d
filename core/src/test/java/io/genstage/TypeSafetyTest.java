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
    return ok ? null : diagnostics.getDiagnostics().toString();
  }

  private static void assertRejectedForItsTypes(String body) {
    String errors = errors(body);
    assertTrue(errors != null, "expected a compile error");
    // Rejected for the event types, not for a missing class or a classpath problem.
    assertFalse(errors.contains("cannot find symbol") || errors.contains("does not exist"), errors);
    assertTrue(errors.contains("String") && errors.contains("Integer"), errors);
  }

  @Test
  void matchingEventTypesCompile() {
    assertNull(errors("GenStage.subscribe(system, any, numbers); Stages.consumer(AnyEvents::new, SubscribeTo.of(numbers));"));
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
