package io.lfsbeam.bench;

import io.lfsbeam.align.AffineWarp;
import io.lfsbeam.align.SimilarityTransform;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * Measures the warp throughput on the alignment workload: a 250×250 source (the LFW image size) to
 * the 112×112 template with a face-like similarity. Single-threaded, so the figure is per core.
 * Time is this thread's CPU time when the JVM can measure it (wall time otherwise), so other
 * processes competing for the core do not deflate the figure. Reported, never asserted: timings
 * depend on the machine.
 */
public final class WarpBenchmark {
  private WarpBenchmark() {}

  /** Warps per second over {@code iterations} timed warps, after a warm-up of the same length. */
  public static double warpsPerSecond(int iterations) {
    if (iterations <= 0) {
      throw new IllegalArgumentException("iterations must be positive, got " + iterations);
    }
    int w = 250, h = 250, ow = 112, oh = 112;
    byte[] src = new byte[w * h * 3];
    new SplittableRandom(42).nextBytes(src);
    // Roughly what LFW needs: shrink by ~0.9, a small rotation, face centred.
    double[] m = SimilarityTransform.of(0.9, 0.1, -60, -50).matrix2x3();
    byte[] out = new byte[ow * oh * 3];
    long sink = 0;
    for (int i = 0; i < iterations; i++) {
      AffineWarp.warpInto(src, w, h, m, out, ow, oh);
      sink += out[i % out.length];
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpuClock = threads.isCurrentThreadCpuTimeSupported();
    long t0 = cpuClock ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      AffineWarp.warpInto(src, w, h, m, out, ow, oh);
      sink += out[i % out.length];
    }
    long t1 = cpuClock ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    long elapsed = Math.max(1, t1 - t0);
    if (sink == Long.MIN_VALUE) { // keeps the JIT from discarding the work; never true
      System.out.print("");
    }
    return iterations * 1e9 / elapsed;
  }
}
