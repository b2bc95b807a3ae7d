package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.Stages;
import io.genstage.testkit.ConsumerProbe;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TaskExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void hashesEveryDocumentOnceWithAtMostEightTasksAtOnce() throws Exception {
    int count = 100;
    Printed output = new Printed();
    int mostAtOnce = TaskExample.run(output.out, count);
    Map<String, String> hashes = new HashMap<>();
    for (String line : output.lines()) {
      String[] parts = line.split(" ");
      assertEquals(null, hashes.put(parts[0], parts[1]), "hashed twice: " + parts[0]);
    }
    assertEquals(count, hashes.size());
    for (int i = 0; i < count; i++) {
      String document = "document-" + i;
      assertEquals(TaskExample.sha256(document), hashes.get(document), document);
    }
    assertTrue(mostAtOnce >= 1 && mostAtOnce <= 8, "at most 8 at once, saw " + mostAtOnce);
  }

  /** The documents producer emits exactly what is asked for, in order, and no more than it has. */
  @Test
  void theDocumentsProducerEmitsWhatIsAskedForUpToItsCount() {
    var documents = Stages.producer(() -> new TaskExample.Documents(4)).spawn(testKit.system(), "documents");
    ConsumerProbe<String> consumer = ConsumerProbe.create(testKit.system());
    consumer.subscribe(documents);
    consumer.ask(3);
    consumer.expectBatch("document-0", "document-1", "document-2");
    consumer.ask(10);
    consumer.expectBatch("document-3");
    consumer.expectNoEvents(Duration.ofMillis(100));
  }
}
