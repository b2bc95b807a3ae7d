package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionExampleTest {

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
}
