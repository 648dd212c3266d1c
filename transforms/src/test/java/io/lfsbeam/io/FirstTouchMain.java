package io.lfsbeam.io;

import java.lang.ref.WeakReference;

/**
 * In a fresh JVM, where nothing JVM-wide is set up yet: runs {@code FirstTouchCaller.<args[0]>} in
 * a job class loader, lets go of the loader and prints {@code collected} or {@code kept}.
 */
public final class FirstTouchMain {
  private FirstTouchMain() {}

  public static void main(String[] args) throws Exception {
    WeakReference<ClassLoader> job = JobClassLoader.runAndRelease(FirstTouchCaller.class, args[0]);
    System.out.println(JobClassLoader.afterGc(job) == null ? "collected" : "kept");
  }
}
