package io.lfsbeam.train;

import io.lfsbeam.tf.Gpus;

/**
 * How many threads decode a streamed train split's PNGs ({@code --decodeThreads}) when none is
 * given: the cores TensorFlow leaves free, at least one.
 *
 * <p>On a CPU, TensorFlow's share is its thread count ({@code --threads}; 0 means every core, so
 * one decoder remains, which at ~2,200 faces/s outruns what 2 to 8 CPU cores train). On a GPU the
 * model runs on the device and the CPU's work is feeding it, so TensorFlow's share there is {@link
 * #GPU_HOST_CORES} unless {@code --threads} says otherwise, and every other core decodes.
 */
public final class DecodeThreads {
  /** {@code --decodeThreads=0}: pick the count with {@link #auto}. */
  public static final int AUTO = 0;

  /**
   * Cores a GPU run keeps for TensorFlow's host side (op launches, CPU-placed ops) and for the
   * training thread that assembles and feeds each batch.
   */
  public static final int GPU_HOST_CORES = 2;

  private DecodeThreads() {}

  /**
   * The default: {@code cores} minus TensorFlow's share, at least 1.
   *
   * @param tensorFlowThreads TensorFlow's thread count; 0 = its default (every core on a CPU)
   * @param gpu whether the model trains on a GPU
   */
  public static int auto(int cores, int tensorFlowThreads, boolean gpu) {
    int tensorFlow =
        tensorFlowThreads > 0 ? tensorFlowThreads : gpu ? Math.min(GPU_HOST_CORES, cores) : cores;
    return Math.max(1, cores - tensorFlow);
  }

  /**
   * The count to use on this machine: {@code requested} when positive, else {@link #auto} with the
   * cores this JVM may use and whether {@code device} is (or, for {@code auto}, will resolve to) a
   * GPU.
   */
  public static int resolve(int requested, int tensorFlowThreads, Device device) {
    if (requested < 0) {
      throw new IllegalArgumentException("decode threads must be 0 (auto) or more");
    }
    if (requested > 0) {
      return requested;
    }
    boolean gpu =
        switch (device.type()) {
          case GPU -> true;
          case CPU -> false;
          case AUTO -> gpuVisible();
        };
    return auto(Runtime.getRuntime().availableProcessors(), tensorFlowThreads, gpu);
  }

  /**
   * Whether {@code auto} will pick a GPU: the same test DJL's engine makes (a CUDA runtime that
   * counts a device), asked once per JVM.
   */
  private static boolean gpuVisible() {
    return Gpus.count() > 0;
  }
}
