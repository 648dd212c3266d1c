package io.lfsbeam.search.policy;

import java.util.random.RandomGenerator;

/**
 * SplitMix64 (Steele, Lea &amp; Flood 2014) with a Box–Muller Gaussian, fully specified here.
 *
 * <p>Why not {@code SplittableRandom} or {@code RandomGenerator.nextGaussian}: their algorithms are
 * JDK implementation details (the default Gaussian is a ziggurat in an internal class). A search
 * that is resumed on another JVM, or a candidate re-run on another worker, must draw the same x, so
 * every bit of the stream is defined in this file and the transcendental functions are {@link
 * StrictMath}.
 */
public final class SplitMix64 implements RandomGenerator {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final double TWO_PI = 2 * Math.PI;

  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** The SplitMix64 / MurmurHash3 finaliser: a bijective, well-mixing hash of one long. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  /** Uniform in [0, 1) from the top 53 bits. */
  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * Standard normal by Box–Muller, one value per two uniforms (the sine partner is discarded so a
   * draw never depends on a cached value from an earlier call).
   */
  @Override
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // (0, 1]: log never sees 0
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(TWO_PI * u2);
  }

  /** Overridden so the default (JDK-internal) Gaussian is never used. */
  @Override
  public double nextGaussian(double mean, double stddev) {
    if (stddev < 0.0) {
      throw new IllegalArgumentException("standard deviation must be non-negative: " + stddev);
    }
    return mean + stddev * nextGaussian();
  }
}
