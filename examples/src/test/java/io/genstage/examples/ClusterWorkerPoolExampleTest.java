package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.CancelReason;
import io.genstage.Stages;
import io.genstage.testkit.ConsumerProbe;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Starts the example's launcher, which starts two more JVMs on loopback, and reads what they print. */
class ClusterWorkerPoolExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static final Pattern HANDLED = Pattern.compile("(worker-\\d) handled (\\d+) jobs in .* jobs/s \\(its producer ended: NORMAL\\)");

  @Test
  void twoWorkerNodesShareTheJobsOfOneProducerTheSecondJoiningWhileItRuns() throws Exception {
    int jobs = 30_000;
    Printed output = new Printed();

    ClusterWorkerPoolExample.run(output.out, jobs);

    List<String> lines = Arrays.asList(output.lines());
    String joined = lines.stream().filter(l -> l.startsWith("worker-2 starts when ")).findFirst().orElseThrow();
    int handedOut = Integer.parseInt(joined.split(" ")[3]);
    assertTrue(handedOut > 0 && handedOut < jobs, joined);
    int total = 0;
    int nodes = 0;
    for (String line : lines) {
      Matcher m = HANDLED.matcher(line);
      if (m.matches()) {
        int handled = Integer.parseInt(m.group(2));
        assertTrue(handled > 0, m.group(1) + " handled none: " + lines);
        total += handled;
        nodes++;
      }
    }
    assertEquals(2, nodes, "a line from each worker node: " + lines);
    assertEquals(jobs, total, "every job handled once: " + lines);
  }

  /** The jobs producer on its own: jobs as asked for, then, once all are out, a normal end. */
  @Test
  void theJobsProducerEmitsAsAskedAndEndsNormallyOnceAllAreOut() {
    var jobs = Stages.producer(() -> new ClusterWorkerPoolExample.Jobs(5, new AtomicInteger()))
        .spawn(testKit.system(), "jobs");
    ConsumerProbe<Integer> worker = ConsumerProbe.create(testKit.system());
    worker.subscribe(jobs);
    worker.ask(3);
    worker.expectBatch(0, 1, 2);
    worker.ask(10);
    worker.expectBatch(3, 4);
    worker.expectCancel(CancelReason.NORMAL);
  }
}
