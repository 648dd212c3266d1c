package io.lfsbeam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.jna.NativeLibrary;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LibCTest {
  /**
   * JNA starts its cleaner thread on first use; LibC starts it from no job's stack ({@link
   * JvmWideInit}, tested in a fresh JVM by {@code JvmWideInitTest}). Start it here so that the job
   * loaders below are judged on what each of them maps.
   */
  @BeforeAll
  static void startJnaFromTheApplicationLoader() {
    assertEquals(0, LibC.setenv("LFS_LIBC_TEST_WARMUP", "1", true));
  }

  @Test
  void setenvChangesWhatTheCLibrarysGetenvReturns() {
    String name = "LFS_LIBC_TEST_" + System.nanoTime();
    assertNull(getenv(name));
    assertEquals(0, LibC.setenv(name, "first", true));
    assertEquals("first", getenv(name));
    assertEquals(0, LibC.setenv(name, "second", false));
    assertEquals("first", getenv(name), "overwrite=false keeps the value");
    assertEquals(0, LibC.setenv(name, "third", true));
    assertEquals("third", getenv(name));
  }

  @Test
  void setenvWithAnInvalidNameFailsWithEinval() {
    assertEquals(-1, LibC.setenv("A=B", "x", true));
    assertEquals(22, LibC.lastError()); // EINVAL on Linux
  }

  @Test
  void aJobLoaderThatCalledLibCIsCollectedOnceTheJobIsGone() throws Exception {
    WeakReference<ClassLoader> loader = runInAJobLoader("throughLibC");
    assertNull(collected(loader), "LibC left the job's class loader reachable");
  }

  /** The detector detects: the JNA idiom LibC replaced does keep the job's loader. */
  @Test
  void aJobLoaderThatMappedAJnaInterfaceStaysReachable() throws Exception {
    WeakReference<ClassLoader> loader = runInAJobLoader("throughAnInterface");
    assertNotNull(
        collected(loader), "JNA no longer keeps mapped interfaces: LibC's reason is gone");
  }

  private static WeakReference<ClassLoader> runInAJobLoader(String method) throws Exception {
    return JobClassLoader.runAndRelease(LibCCaller.class, method);
  }

  private static ClassLoader collected(WeakReference<ClassLoader> loader)
      throws InterruptedException {
    return JobClassLoader.afterGc(loader);
  }

  private static String getenv(String name) {
    return NativeLibrary.getInstance("c")
        .getFunction("getenv")
        .invokeString(new Object[] {name}, false);
  }
}
