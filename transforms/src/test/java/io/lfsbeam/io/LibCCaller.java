package io.lfsbeam.io;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Calls the C library the way lfs-beam does ({@link LibC}) and the way it used to (a JNA interface
 * given to {@code Native.load}); {@link LibCTest} loads this class in a throwaway class loader, as
 * Flink loads a job, to see which of the two keeps the loader alive.
 */
public final class LibCCaller {
  private LibCCaller() {}

  /** The C library's getpid(2), as a JNA interface mapping. */
  public interface Getpid extends Library {
    int getpid();
  }

  /** Each of LibC's calls once. */
  public static void throughLibC() {
    LibC.setenv("LFS_LIBC_CALLER", "1", true);
    LibC.dlclose(LibC.dlopen("libc.so.6", 1));
    LibC.renameat2("/nonexistent/lfs-a", "/nonexistent/lfs-b", 2);
  }

  /** getpid through an interface mapping, the JNA idiom lfs-beam stopped using. */
  public static int throughAnInterface() {
    return Native.load("c", Getpid.class).getpid();
  }
}
