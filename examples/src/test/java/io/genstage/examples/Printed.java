package io.genstage.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Where a test lets an example print ({@link #out}), and what it printed, line by line. */
final class Printed {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** Give this to the example's {@code run} in place of {@code System.out}. */
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  /** The lines printed to {@link #out} so far. */
  String[] lines() {
    out.flush();
    return bytes.toString(StandardCharsets.UTF_8).split("\\R");
  }
}
