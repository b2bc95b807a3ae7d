package io.genstage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * The reasons' constants hold whichever class a JVM touches first. A worker JVM whose first reason
 * was read from the wire ({@code CancelReason.Standard.valueOf}) once saw {@code NORMAL} as null and
 * a normal end as a failure: initialising the enum initialised the interface, whose constants read
 * the enum's, not yet set.
 */
class CancelReasonInitTest {

  /** A class loader of its own, so that this JVM's already initialised classes do not answer. */
  private static ClassLoader fresh() {
    URL classes = CancelReason.class.getProtectionDomain().getCodeSource().getLocation();
    return new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
  }

  @Test
  void touchingTheStandardReasonsFirstLeavesTheConstantsSetAndNormal() throws Exception {
    ClassLoader loader = fresh();
    Class<?> standard = Class.forName("io.genstage.CancelReason$Standard", true, loader);
    Object normalFromTheEnum = standard.getMethod("valueOf", String.class).invoke(null, "NORMAL");

    Class<?> reasons = Class.forName("io.genstage.CancelReason", true, loader);
    Object normal = reasons.getField("NORMAL").get(null);

    assertSame(normalFromTheEnum, normal);
    assertEquals(true, reasons.getMethod("isNormal").invoke(normal));
    assertTrue((Boolean) reasons.getMethod("isNormal").invoke(reasons.getField("SHUTDOWN").get(null)));
  }
}
