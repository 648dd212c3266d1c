package io.lfsbeam.tf;

import io.lfsbeam.io.LibC;

/**
 * This process's native environment, which TensorFlow's C++ code reads while it loads: a JVM cannot
 * change its own environment through Java ({@code System.getenv} is a copy taken at start), so the
 * C library's {@code setenv} is called through JNA (which DJL already brings), see {@link LibC}.
 */
final class NativeEnvironment {
  private NativeEnvironment() {}

  /** Sets {@code name=value} in the native environment, replacing a value set there earlier. */
  static synchronized void set(String name, String value) {
    if (LibC.setenv(name, value, true) != 0) {
      throw new IllegalStateException("setenv(" + name + ") failed: errno " + LibC.lastError());
    }
  }
}
