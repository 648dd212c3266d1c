package io.lfsbeam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.jna.NativeLibrary;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LibCTest {
  /**
   * JNA starts its cleaner thread on first use, and a new thread keeps the protection domains of
   * the code that started it: start it here, from this test's own class loader, so that the job
   * loaders below are judged on LibC alone (on a cluster the first job that calls into JNA starts
   * it, and that one loader stays: deploy/README.md, "Many jobs on one session cluster").
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

  /**
   * Loads {@link LibCCaller} and LibC child-first from this build's class folders (as Flink's
   * ChildFirstClassLoader loads a job jar, JNA coming from the parent as from a cluster's lib/),
   * calls {@code method}, closes the loader and lets go of it.
   */
  private static WeakReference<ClassLoader> runInAJobLoader(String method) throws Exception {
    URL[] classes = {
      LibC.class.getProtectionDomain().getCodeSource().getLocation(),
      LibCCaller.class.getProtectionDomain().getCodeSource().getLocation()
    };
    JobLoader job = new JobLoader(classes, LibCTest.class.getClassLoader());
    job.loadClass(LibCCaller.class.getName()).getMethod(method).invoke(null);
    job.close();
    return new WeakReference<>(job);
  }

  /** The loader if it is still reachable after garbage collection, else null. */
  private static ClassLoader collected(WeakReference<ClassLoader> loader)
      throws InterruptedException {
    for (int i = 0; i < 20 && loader.get() != null; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return loader.get();
  }

  private static String getenv(String name) {
    return NativeLibrary.getInstance("c")
        .getFunction("getenv")
        .invokeString(new Object[] {name}, false);
  }

  /** Child-first for lfs-beam's classes, parent-first for the rest (JNA, the JDK). */
  private static final class JobLoader extends URLClassLoader {
    JobLoader(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null && name.startsWith("io.lfsbeam.")) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException notHere) {
            // from the parent
          }
        }
        return c != null ? c : super.loadClass(name, resolve);
      }
    }
  }
}
