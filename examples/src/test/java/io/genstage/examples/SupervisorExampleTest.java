package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.SubscribeOptions;
import io.genstage.SubscribeTo;
import io.genstage.supervisor.ChildSpec;
import io.genstage.supervisor.DynamicSupervisor;
import io.genstage.testkit.ProducerProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SupervisorExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyNumberIsPrintedExactlyOnceByItsOwnChild() throws Exception {
    int count = 500;
    Printed output = new Printed();
    SupervisorExample.run(output.out, count);
    Pattern line = Pattern.compile("child (\\S+) printed (\\d+) \\((\\d+) running\\)");
    List<Integer> numbers = new ArrayList<>();
    Set<String> children = new HashSet<>();
    int mostRunning = 0;
    for (String l : output.lines()) {
      Matcher m = line.matcher(l);
      assertTrue(m.matches(), l);
      children.add(m.group(1));
      numbers.add(Integer.parseInt(m.group(2)));
      mostRunning = Math.max(mostRunning, Integer.parseInt(m.group(3)));
    }
    // The supervisor's maxDemand bounds the children running at once; they do run side by side.
    assertTrue(mostRunning <= 50, "at most 50 at once, saw " + mostRunning);
    assertTrue(mostRunning > 1, "children ran one at a time: " + mostRunning);
    assertEquals(count, numbers.size());
    assertEquals(count, new HashSet<>(numbers).size(), "a number was printed twice");
    assertEquals(count, children.size(), "each number has its own child");
    numbers.sort(null);
    for (int i = 0; i < count; i++) {
      assertEquals(i, numbers.get(i));
    }
  }

  /** The supervisor as a consumer: it asks for maxDemand children, and again as they stop. */
  @Test
  void theSupervisorAsksForAsManyChildrenAsItsMaxDemandAndAgainAsTheyStop() throws Exception {
    ProducerProbe<Integer> numbers = ProducerProbe.create(testKit.system());
    Printed output = new Printed();
    CountDownLatch printed = new CountDownLatch(10);
    DynamicSupervisor.create(
            ChildSpec.of((Integer n) -> SupervisorExample.printer(n, Duration.ZERO, output.out, new AtomicInteger(), printed)),
            SubscribeTo.of(numbers.ref(), SubscribeOptions.defaults().withDemand(10, 5)))
        .spawn(testKit.system(), "printers");
    numbers.expectSubscription();
    numbers.expectAsk(10);
    numbers.emit(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    numbers.expectAsk(5);   // 5 children stopped: maxDemand 10 - minDemand 5
    numbers.expectAsk(5);   // and the other 5
    assertTrue(printed.await(3, TimeUnit.SECONDS));
    assertEquals(10, output.lines().length);
  }
}
