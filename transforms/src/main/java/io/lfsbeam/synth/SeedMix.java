package io.lfsbeam.synth;

import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from a user seed and a path of integers (stream
 * tag, identity, image...).
 *
 * <p>Every random draw in this package goes through here so that one (seed, identity, image) always
 * yields the same face, whatever order or how many images are generated. Changing one image's
 * nuisances never shifts another image's, because each has its own stream rather than sharing one
 * sequential generator.
 */
final class SeedMix {
  /**
   * Stream tags: separate purposes never share a stream, so adding draws to one leaves the others
   * unchanged.
   */
  static final long TRAITS = 1;

  static final long NUISANCE = 2;
  static final long CORRUPT = 3;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private SeedMix() {}

  /** A well-mixed 64-bit value for (seed, parts...); order of parts matters. */
  static long mix(long seed, long... parts) {
    long h = splitMix(seed + GOLDEN);
    for (long p : parts) {
      h = splitMix(h ^ splitMix(p + GOLDEN));
    }
    return h;
  }

  static SplittableRandom stream(long seed, long... parts) {
    return new SplittableRandom(mix(seed, parts));
  }

  /** Uniform in [lo, hi). */
  static double uniform(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  /** Uniform in [-1, 1). */
  static double symmetric(SplittableRandom r) {
    return 2.0 * r.nextDouble() - 1.0;
  }

  /** SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective avalanche of 64 bits. */
  private static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
