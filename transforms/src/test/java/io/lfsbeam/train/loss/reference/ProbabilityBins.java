package io.lfsbeam.train.loss.reference;

/**
 * Equal-width bins over the true-class probability p ∈ [0, 1], used by the binned losses ({@link
 * LocalModulatedSoftmaxLoss}, {@link AmLfsLoss}).
 *
 * <p>Bin i covers [i/n, (i+1)/n); p = 1 falls in the last bin. The bin is chosen from p as a
 * constant: no gradient flows through the choice (the test vectors use the same convention).
 */
public final class ProbabilityBins {
  private ProbabilityBins() {}

  /** The bin index ⌊p·n⌋, clamped to [0, n − 1]. */
  public static int binOf(double p, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("need at least one bin, got " + n);
    }
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
    }
    return Math.min((int) Math.floor(p * n), n - 1);
  }
}
