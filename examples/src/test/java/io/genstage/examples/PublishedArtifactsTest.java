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
    return ROOT.resolve(module).resolve("target")
        .resolve("genstage-" + module + "-" + VERSION + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar");
  }

  @ParameterizedTest
  @ValueSource(strings = {"core", "interop", "cluster"})
  void aPublishedModuleHasItsJarWithLicenceAndModuleNameAndItsSourcesAndJavadoc(String module) throws IOException {
    Path main = jar(module, "");
    assumeTrue(Files.exists(main), "not packaged in this build: " + main);

    try (JarFile jar = new JarFile(main.toFile())) {
      assertEquals("io.genstage." + module, jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
      assertNotNull(jar.getEntry("META-INF/LICENSE"), "LICENSE in " + main);
      assertNotNull(jar.getEntry("META-INF/NOTICE"), "NOTICE in " + main);
    }
    try (JarFile sources = new JarFile(jar(module, "sources").toFile())) {
      assertTrue(sources.stream().anyMatch(e -> e.getName().endsWith(".java")), "sources in " + module);
    }
    try (JarFile javadoc = new JarFile(jar(module, "javadoc").toFile())) {
      List<String> pages = javadoc.stream().map(e -> e.getName()).toList();
      assertTrue(pages.contains("index.html"), "an index in the Javadoc of " + module);
      String overview = Files.readString(ROOT.resolve(module).resolve("src/main/javadoc/overview.html"));
      String opening = overview.substring(overview.indexOf("<p>") + 3).substring(0, 20);
      String index = new String(javadoc.getInputStream(javadoc.getEntry("index.html")).readAllBytes());
      assertTrue(index.contains(opening), "the overview opens the Javadoc of " + module + ": " + opening);
      String base = module.equals("core") ? "io/genstage/" : "io/genstage/" + module + "/";
      assertTrue(pages.contains(base + "package-summary.html"), "a package page for " + base + " in " + module);
      assertEquals(List.of(), pages.stream().filter(p -> p.contains("/internal/")).toList(),
          "internal packages in the Javadoc of " + module);
    }
  }
}
