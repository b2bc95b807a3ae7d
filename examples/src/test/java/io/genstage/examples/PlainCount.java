package io.genstage.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The word count of a file in plain Java, for the word count examples' tests to compare with. */
final class PlainCount {
  private PlainCount() {}

  /** Each lowercase word of {@code file} (split at what is not a letter or digit) and its count. */
  static Map<String, Long> words(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines
          .flatMap(line -> Arrays.stream(line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")))
          .filter(word -> !word.isEmpty())
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
  }
}
