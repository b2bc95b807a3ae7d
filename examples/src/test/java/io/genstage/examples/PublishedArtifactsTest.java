package io.genstage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each published module leaves in its {@code target/} for a repository: its jar, with the
 * licence and an {@code Automatic-Module-Name}, a sources jar and a Javadoc jar without the
 * internal packages. It runs in this module because the reactor packages those modules first;
 * under {@code ./mvnw test}, which packages nothing, it is skipped.
 */
class PublishedArtifactsTest {
  private static final Path ROOT = Path.of(System.getProperty("genstage.root", ".."));
  private static final String VERSION = System.getProperty("genstage.version", "0.1.0-SNAPSHOT");

  private static Path jar(String module, String classifier) {
    return ROOT.resolve(module).resolve("target").resolve("genstage-" + module.replace('/', '-') + "-" + VERSION
        + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar");
  }

  /** The overview page of {@code module}'s Javadoc; a Pekko flavour's is its rewritten copy. */
  private static Path overview(String module) {
    Path own = ROOT.resolve(module).resolve("src/main/javadoc/overview.html");
    return Files.exists(own) ? own : ROOT.resolve(module).resolve("target/pekko-src/main/javadoc/overview.html");
  }

  @ParameterizedTest
  @ValueSource(strings = {"core", "interop", "cluster", "micrometer", "dataflow", "testkit", "pekko/core", "pekko/interop"})
  void aPublishedModuleHasItsJarWithLicenceAndModuleNameAndItsSourcesAndJavadoc(String module) throws IOException {
    Path main = jar(module, "");
    assumeTrue(Files.exists(main), "not packaged in this build: " + main);

    try (JarFile jar = new JarFile(main.toFile())) {
      String name = module.substring(module.indexOf('/') + 1); // a Pekko flavour is named as its Akka module
      assertEquals("io.genstage." + name, jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
      assertNotNull(jar.getEntry("META-INF/LICENSE"), "LICENSE in " + main);
      assertNotNull(jar.getEntry("META-INF/NOTICE"), "NOTICE in " + main);
    }
    try (JarFile sources = new JarFile(jar(module, "sources").toFile())) {
      assertTrue(sources.stream().anyMatch(e -> e.getName().endsWith(".java")), "sources in " + module);
    }
    try (JarFile javadoc = new JarFile(jar(module, "javadoc").toFile())) {
      List<String> pages = javadoc.stream().map(e -> e.getName()).toList();
      assertTrue(pages.contains("index.html"), "an index in the Javadoc of " + module);
      String overview = Files.readString(overview(module));
      String opening = overview.substring(overview.indexOf("<p>") + 3).substring(0, 20);
      String index = new String(javadoc.getInputStream(javadoc.getEntry("index.html")).readAllBytes());
      assertTrue(index.contains(opening), "the overview opens the Javadoc of " + module + ": " + opening);
      String base = module.endsWith("core") ? "io/genstage/" : "io/genstage/" + module.substring(module.indexOf('/') + 1) + "/";
      assertTrue(pages.contains(base + "package-summary.html"), "a package page for " + base + " in " + module);
      assertEquals(List.of(), pages.stream().filter(p -> p.contains("/internal/")).toList(),
          "internal packages in the Javadoc of " + module);
    }
  }
}
