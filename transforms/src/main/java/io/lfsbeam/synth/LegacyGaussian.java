package io.lfsbeam.synth;

/**
 * The exact sequence of {@code new java.util.Random(seed).nextGaussian()}, without its costs.
 *
 * <p>{@code Random} is specified bit for bit (a 48-bit linear congruential generator and the polar
 * method), which is why the sensor noise uses it: every JVM gives the same faces. But its {@code
 * nextGaussian} is synchronized and each draw goes through an atomic compare-and-set, which made
 * the noise the largest single cost of drawing a face. This class follows the same specification on
 * a plain field: same numbers, no locking. Not thread-safe; one instance per image.
 */
final class LegacyGaussian {
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long ADDEND = 0xBL;
  private static final long MASK = (1L << 48) - 1;
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private long seed;
  private double nextNextGaussian;
  private boolean haveNextNextGaussian;

  LegacyGaussian(long seed) {
    this.seed = (seed ^ MULTIPLIER) & MASK;
  }

  private int next(int bits) {
    seed = (seed * MULTIPLIER + ADDEND) & MASK;
    return (int) (seed >>> (48 - bits));
  }

  double nextDouble() {
    return (((long) next(26) << 27) + next(27)) * DOUBLE_UNIT;
  }

  double nextGaussian() {
    if (haveNextNextGaussian) {
      haveNextNextGaussian = false;
      return nextNextGaussian;
    }
    double v1;
    double v2;
    double s;
    do {
      v1 = 2 * nextDouble() - 1;
      v2 = 2 * nextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    nextNextGaussian = v2 * multiplier;
    haveNextNextGaussian = true;
    return v1 * multiplier;
  }
}
