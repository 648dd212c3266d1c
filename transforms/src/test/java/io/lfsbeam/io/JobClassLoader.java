package io.lfsbeam.io;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * A job's class loader as Flink's {@code ChildFirstClassLoader} makes one: lfs-beam's classes
 * child-first from this build's class folders, the rest (JNA, DJL, the JDK) from the parent, as
 * from a cluster's {@code lib/}.
 */
final class JobClassLoader extends URLClassLoader {
  private JobClassLoader(URL[] urls, ClassLoader parent) {
    super(urls, parent);
  }

  /** A loader over the class folders (or jars) the given classes come from. */
  static JobClassLoader over(Class<?>... from) {
    URL[] urls = new URL[from.length];
    for (int i = 0; i < from.length; i++) {
      urls[i] = from[i].getProtectionDomain().getCodeSource().getLocation();
    }
    return new JobClassLoader(urls, JobClassLoader.class.getClassLoader());
  }

  /**
   * Loads {@code caller} in a new job loader, calls its static {@code method} with the loader as
   * the thread's context loader (as a Flink task thread has it), closes the loader and lets go of
   * it.
   */
  static WeakReference<ClassLoader> runAndRelease(Class<?> caller, String method) throws Exception {
    JobClassLoader job = over(LibC.class, caller);
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    thread.setContextClassLoader(job);
    try {
      job.loadClass(caller.getName()).getMethod(method).invoke(null);
    } finally {
      thread.setContextClassLoader(context);
    }
    job.close();
    return new WeakReference<>(job);
  }

  /** The loader if it is still reachable after garbage collection, else null. */
  static ClassLoader afterGc(WeakReference<ClassLoader> loader) throws InterruptedException {
    for (int i = 0; i < 20 && loader.get() != null; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return loader.get();
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
