package io.lfsbeam.tf;

import java.util.Map;

/**
 * How much TensorFlow's native code writes to the process's stderr ({@code TF_CPP_MIN_LOG_LEVEL},
 * read once, at its first log line).
 *
 * <p>Left to itself, TensorFlow 2.10 (the CUDA build DJL ships) writes a dozen lines on every load
 * that are not actionable on a CPU machine and partly wrong: it cannot open {@code libcudart} or
 * {@code libcuda}, "Unable to register cuBLAS factory" (an ERROR line that changes nothing), that
 * oneDNN is on, which CPU instructions oneDNN uses, and every SavedModel it reads. lfs says what
 * matters in its own lines (TensorFlow's version, oneDNN, the device it trains on). So by default
 * only FATAL lines pass ({@value #QUIET}); {@code --verbose} / {@code LFS_DEBUG=1} on the command
 * line ({@link #setVerbose}) lets everything through ({@value #VERBOSE}), and a {@code
 * TF_CPP_MIN_LOG_LEVEL} already in the environment is left alone. Errors that matter reach Java as
 * exceptions with TensorFlow's status message either way. Child JVMs (child-process training) get
 * the same value ({@link #childEnvironment}); the doctor's probe asks for every line itself.
 */
public final class NativeLog {
  /** The environment variable TensorFlow reads. */
  public static final String VARIABLE = "TF_CPP_MIN_LOG_LEVEL";

  /** FATAL only. */
  static final String QUIET = "3";

  /** Everything, INFO up. */
  static final String VERBOSE = "0";

  private static volatile boolean verbose = debugEnvironment();
  private static volatile String applied;

  private NativeLog() {}

  private static boolean debugEnvironment() {
    String v = System.getenv("LFS_DEBUG");
    return v != null && !v.isBlank() && !v.strip().equals("0");
  }

  /**
   * Whether TensorFlow's native lines are shown; call before TensorFlow loads (later calls change
   * nothing in this JVM, but reach child JVMs).
   */
  public static void setVerbose(boolean v) {
    verbose = v;
  }

  /** Sets the level in this process's native environment unless it is set; idempotent. */
  static synchronized String applyBeforeLoad() {
    if (applied == null) {
      String present = System.getenv(VARIABLE);
      if (present != null) {
        applied = present;
      } else {
        applied = wanted();
        NativeEnvironment.set(VARIABLE, applied);
      }
    }
    return applied;
  }

  private static String wanted() {
    return verbose ? VERBOSE : QUIET;
  }

  /** The value TensorFlow sees (or will see) in this process and its children. */
  public static String value() {
    String a = applied;
    if (a != null) {
      return a;
    }
    String present = System.getenv(VARIABLE);
    return present != null ? present : wanted();
  }

  /** Adds the variable to a child process's environment (a {@code ProcessBuilder}'s map). */
  public static void childEnvironment(Map<String, String> environment) {
    environment.put(VARIABLE, value());
  }
}
