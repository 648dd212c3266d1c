package io.lfsbeam.search.policy;

/**
 * The search's reward baseline and scale: R̂ = 2(R − mean R) / (max R − min R + 1e-6).
 *
 * <p>Centring is REINFORCE's baseline (candidates better than the round's average pull the mean
 * toward themselves, worse ones push it away); dividing by the range makes the step size
 * independent of how far apart the validation accuracies happen to be in a round. The 1e-6 keeps a
 * round of identical rewards finite (all R̂ = 0, so no update direction).
 *
 * <p>Only candidates that have a reward enter: a failed candidate (exception, NaN loss) has none
 * and the caller leaves it out rather than inventing a value for it.
 */
public final class RewardNormalizer {
  /** Added to the range so a round of equal rewards does not divide by zero. */
  public static final double RANGE_EPS = 1e-6;

  private RewardNormalizer() {}

  /**
   * @param rewards rewards of the candidates that produced one; must be finite
   * @return normalised rewards in the same order (empty for an empty input)
   */
  public static double[] normalise(double[] rewards) {
    int n = rewards.length;
    if (n == 0) {
      return new double[0];
    }
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (double r : rewards) {
      if (!Double.isFinite(r)) {
        throw new IllegalArgumentException(
            "reward is not finite: " + r + " (a failed candidate has no reward)");
      }
      sum += r;
      max = Math.max(max, r);
      min = Math.min(min, r);
    }
    double mean = sum / n;
    double range = max - min + RANGE_EPS;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = 2 * (rewards[i] - mean) / range;
    }
    return out;
  }
}
