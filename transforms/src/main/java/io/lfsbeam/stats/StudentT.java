package io.lfsbeam.stats;

import org.apache.commons.math3.distribution.TDistribution;

/** Quantiles of Student's t distribution (Apache Commons Math). */
public final class StudentT {
  private StudentT() {}

  /**
   * The p-quantile of t with {@code df} degrees of freedom, e.g. {@code quantile(0.975, n − 1)} for
   * a 95 % two-sided interval over n paired values.
   */
  public static double quantile(double p, int df) {
    if (df < 1) {
      throw new IllegalArgumentException("degrees of freedom must be at least 1, not " + df);
    }
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1), not " + p);
    }
    // no random generator: the distribution is only asked for its inverse CDF
    return new TDistribution(null, df).inverseCumulativeProbability(p);
  }
}
