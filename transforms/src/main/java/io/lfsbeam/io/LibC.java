package io.lfsbeam.io;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodType;

/**
 * The few C library functions lfs-beam calls, through JNA's {@link Function} handles rather than a
 * Java interface given to {@code Native.load}.
 *
 * <p>Why not {@code Native.load("c", SomeInterface.class)}: JNA keeps every interface it maps in
 * static maps whose values hold the interface class (a {@code WeakHashMap} keyed by the class, its
 * value pointing back at it, so the entry never clears). On a Flink session cluster JNA sits in the
 * cluster's {@code lib/} (DJL brings it) while lfs-beam's classes come with each job, so one mapped
 * interface kept every finished job's class loader alive: about 23 MB of TaskManager metaspace per
 * job, until the TaskManager died of {@code OutOfMemoryError: Metaspace} in the ninth job of a
 * {@code compare}. A {@link Function} handle is JNA's own class with Java strings and numbers as
 * arguments, so nothing of the job is left behind in JNA ({@code LibCTest} loads a caller in a
 * throwaway class loader and sees it collected; {@code FlinkClusterIT} counts the loaders a
 * TaskManager keeps after its jobs).
 *
 * <p>The libraries are opened through {@link JvmWideInit}: opening the first one starts JNA's
 * cleaner thread, which would otherwise keep the protection domain of the job that started it. They
 * are held here for as long as this class lives, so that thread lives as long and no later call
 * from a job's stack starts another.
 */
public final class LibC {
  private static final NativeLibrary LIBC = open("c");

  /** glibc before 2.34 keeps dlopen in libdl; since then it is in libc itself. */
  private static final NativeLibrary DL = openOr("libdl.so.2", LIBC);

  private LibC() {}

  /** setenv(3): 0, or -1 with {@link #lastError()} set. */
  public static int setenv(String name, String value, boolean overwrite) {
    return libc().getFunction("setenv").invokeInt(new Object[] {name, value, overwrite ? 1 : 0});
  }

  /**
   * Linux's renameat2(2) with both directory descriptors {@code AT_FDCWD}: 0, or -1 with {@link
   * #lastError()} set.
   *
   * @throws UnsatisfiedLinkError where the C library has no renameat2 (glibc before 2.28)
   */
  public static int renameat2(String oldPath, String newPath, int flags) {
    final int atFdCwd = -100;
    return libc()
        .getFunction("renameat2")
        .invokeInt(new Object[] {atFdCwd, oldPath, atFdCwd, newPath, flags});
  }

  /** dlopen(3): a handle, or null when the loader cannot open {@code file}. */
  public static Pointer dlopen(String file, int mode) {
    return dl().getFunction("dlopen").invokePointer(new Object[] {file, mode});
  }

  /** dlclose(3) of a handle {@link #dlopen} returned. */
  public static int dlclose(Pointer handle) {
    return dl().getFunction("dlclose").invokeInt(new Object[] {handle});
  }

  /** errno of this thread's last call through JNA. */
  public static int lastError() {
    return Native.getLastError();
  }

  private static NativeLibrary libc() {
    return LIBC;
  }

  private static NativeLibrary dl() {
    return DL;
  }

  private static NativeLibrary open(String name) {
    return JvmWideInit.callStatic(
        NativeLibrary.class,
        "getInstance",
        MethodType.methodType(NativeLibrary.class, String.class),
        name);
  }

  private static NativeLibrary openOr(String name, NativeLibrary fallback) {
    try {
      return open(name);
    } catch (UnsatisfiedLinkError e) {
      return fallback;
    }
  }
}
