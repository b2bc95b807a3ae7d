package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.genstage.CancelMode;
import io.genstage.ProducerRef;
import io.genstage.SubscribeOptions;
import io.genstage.testkit.ConsumerProbe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PartitionExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }


  @Test
  void eachCustomerIsServedByOneDeskInOrder() throws Exception {
    int total = 200;
    Printed output = new Printed();
    PartitionExample.run(output.out, total);
    Map<String, String> deskOf = new HashMap<>();
    Map<String, List<Integer>> seqs = new HashMap<>();
    String[] lines = output.lines();
    for (String line : lines) {
      String[] parts = line.split(" ");
      String desk = parts[0];
      String customer = parts[1];
      String previousDesk = deskOf.putIfAbsent(customer, desk);
      assertEquals(previousDesk == null ? desk : previousDesk, desk, customer + " served by two desks");
      int expectedDesk = Math.floorMod(customer.hashCode(), PartitionExample.PARTITIONS);
      assertEquals("partition-" + expectedDesk, desk, customer);
      seqs.computeIfAbsent(customer, k -> new ArrayList<>()).add(Integer.parseInt(parts[2]));
    }
    assertEquals(total, lines.length);
    int perCustomer = total / PartitionExample.CUSTOMERS.size();
    for (String customer : PartitionExample.CUSTOMERS) {
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < perCustomer; i++) {
        expected.add(i);
      }
      assertEquals(expected, seqs.get(customer), customer);
    }
  }

  /** The orders producer read by one consumer probe per partition: each desk sees only its customers. */
  @Test
  void eachPartitionGetsTheOrdersOfItsCustomersOnlyInOrder() {
    int total = 40;
    ProducerRef<PartitionExample.Order, Void> orders = PartitionExample.orders(total).spawn(testKit.system(), "orders");
    List<ConsumerProbe<PartitionExample.Order>> desks = new ArrayList<>();
    for (int p = 0; p < PartitionExample.PARTITIONS; p++) {
      ConsumerProbe<PartitionExample.Order> desk = ConsumerProbe.create(testKit.system());
      desk.subscribe(orders, SubscribeOptions.defaults().withPartition(p).withCancel(CancelMode.TEMPORARY));
      desks.add(desk);
    }
    int received = 0;
    for (int p = 0; p < desks.size(); p++) {
      int partition = p;
      int expected = (int) PartitionExample.CUSTOMERS.stream()
          .filter(c -> Math.floorMod(c.hashCode(), PartitionExample.PARTITIONS) == partition).count()
          * (total / PartitionExample.CUSTOMERS.size());
      desks.get(p).ask(total);
      List<PartitionExample.Order> got = desks.get(p).expectNextN(expected);
      Map<String, Integer> next = new HashMap<>();
      for (PartitionExample.Order order : got) {
        assertEquals(p, PartitionExample.partitionOf(order), order + " at desk " + p);
        assertEquals(next.getOrDefault(order.customer(), 0), order.seq(), "in order: " + order);
        next.put(order.customer(), order.seq() + 1);
      }
      received += got.size();
    }
    assertEquals(total, received);
  }
}
