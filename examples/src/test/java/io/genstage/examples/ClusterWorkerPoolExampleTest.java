package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Starts the example's launcher, which starts two more JVMs on loopback, and reads what they print. */
class ClusterWorkerPoolExampleTest {
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
}
