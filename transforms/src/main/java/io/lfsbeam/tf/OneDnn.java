package io.lfsbeam.tf;

import java.util.Locale;
import java.util.Map;

/**
 * TensorFlow's oneDNN CPU kernels, on for every CPU.
 *
 * <p>What TensorFlow 2.10 (the native build DJL ships) does by itself: it reads {@code
 * TF_ENABLE_ONEDNN_OPTS} once, while its library loads. "1"/"true" switches oneDNN on, "0"/"false"
 * off; unset, it is on only for CPUs with AVX512_VNNI, AVX512_BF16, AVX_VNNI or AMX (Cascade Lake
 * and later Xeons, Zen 4 and later EPYCs) and off elsewhere (AVX2 CPUs, Skylake-SP). When on it
 * logs "oneDNN custom operations are on" and a training step runs {@code _MklNative...} kernels
 * ({@code bench --what=profile} lists them); when off, Eigen's {@code Conv2D...}. On the AMD EPYC
 * (avx512_vnni, avx512_bf16) this project was developed on, the variable unset and "1" gave the
 * same log line and the same kernels; "0" gave Eigen's.
 *
 * <p>What lfs adds: the same kernels on every CPU, whatever TensorFlow's own default for it. A JVM
 * cannot change its own environment through Java, so {@link #applyBeforeLoad()} calls the C
 * library's {@code setenv} (through JNA, which DJL already brings) before {@link
 * TensorFlowEngine#load()} lets DJL load TensorFlow. Child JVMs (child-process training, the
 * doctor's probe) get the variable in their environment ({@link #childEnvironment}), Flink
 * TaskManagers from {@code deploy/} (cluster.sh, the image, the Kubernetes manifest).
 *
 * <p>Opt-out: {@code TF_ENABLE_ONEDNN_OPTS=0} (TensorFlow's own switch) in the environment; any
 * value already there is left alone and passed on to child processes.
 *
 * <p>Determinism: oneDNN sums in another order than Eigen, so its losses differ from a oneDNN-off
 * run at float rounding level, and from a CPU with other vector instructions likewise. On one
 * machine it is deterministic: equal seeds gave bit-identical losses and embeddings run to run,
 * with 1 and 2 threads alike (tiny, 8 steps, 3 runs each); the determinism tests keep their 1e-4
 * relative tolerance for other CPUs.
 */
public final class OneDnn {
  /** The environment variable TensorFlow reads while loading. */
  public static final String VARIABLE = "TF_ENABLE_ONEDNN_OPTS";

  /** What this project sets when the environment says nothing. */
  static final String DEFAULT_VALUE = "1";

  private static volatile String applied;

  private OneDnn() {}

  /**
   * Puts {@code TF_ENABLE_ONEDNN_OPTS=1} into this process's native environment unless it is set
   * already. Must run before TensorFlow's library loads; idempotent. Returns the value in effect.
   */
  static synchronized String applyBeforeLoad() {
    if (applied != null) {
      return applied;
    }
    String present = System.getenv(VARIABLE);
    if (present != null) {
      applied = present;
      return applied;
    }
    NativeEnvironment.set(VARIABLE, DEFAULT_VALUE);
    applied = DEFAULT_VALUE;
    return applied;
  }

  /**
   * The value TensorFlow sees (or will see) in this process: the environment's, else {@value
   * #DEFAULT_VALUE} (what {@link TensorFlowEngine#load()} sets).
   */
  public static String value() {
    String a = applied;
    if (a != null) {
      return a;
    }
    String present = System.getenv(VARIABLE);
    return present != null ? present : DEFAULT_VALUE;
  }

  /** Whether oneDNN is asked for: TensorFlow's reading of "1"/"true" (case-insensitive). */
  public static boolean enabled() {
    String v = value().strip().toLowerCase(Locale.ROOT);
    return v.equals("1") || v.equals("true");
  }

  /** Adds the variable to a child process's environment (a {@code ProcessBuilder}'s map). */
  public static void childEnvironment(Map<String, String> environment) {
    environment.put(VARIABLE, value());
  }

  /**
   * One line for logs and benchmark headers, e.g. "oneDNN on (TF_ENABLE_ONEDNN_OPTS=1, set by lfs)"
   * or "oneDNN off (TF_ENABLE_ONEDNN_OPTS=0, from the environment)".
   */
  public static String describe() {
    String source = System.getenv(VARIABLE) != null ? "from the environment" : "set by lfs";
    return (enabled() ? "oneDNN on" : "oneDNN off")
        + " ("
        + VARIABLE
        + "="
        + value()
        + ", "
        + source
        + ")";
  }
}
