package io.lfsbeam.tf;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * This process's native environment, which TensorFlow's C++ code reads while it loads: a JVM cannot
 * change its own environment through Java ({@code System.getenv} is a copy taken at start), so the
 * C library's {@code setenv} is called through JNA (which DJL already brings).
 */
final class NativeEnvironment {
  private NativeEnvironment() {}

  /** The C library's setenv(3). */
  private interface CLibrary extends Library {
    int setenv(String name, String value, int overwrite);
  }

  private static CLibrary libc;

  /** Sets {@code name=value} in the native environment, replacing a value set there earlier. */
  static synchronized void set(String name, String value) {
    if (libc == null) {
      libc = Native.load("c", CLibrary.class);
    }
    if (libc.setenv(name, value, 1) != 0) {
      throw new IllegalStateException(
          "setenv(" + name + ") failed: errno " + Native.getLastError());
    }
  }
}
