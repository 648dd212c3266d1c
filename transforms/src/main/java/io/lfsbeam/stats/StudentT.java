package io.lfsbeam.stats;

import org.apache.commons.math3.distribution.TDistribution;

/** Quantiles and tail probabilities of Student's t distribution (Apache Commons Math). */
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
    return quantile(p, (double) df);
  }

  /**
   * The p-quantile for a fractional {@code df} (Satterthwaite's degrees of freedom are not whole);
   * df must be positive.
   */
  public static double quantile(double p, double df) {
    checkDf(df);
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1), not " + p);
    }
    // no random generator: the distribution is only asked for its inverse CDF
    return new TDistribution(null, df).inverseCumulativeProbability(p);
  }

  /** P(|T| ≥ |t|) for T ~ t(df): the two-sided p-value of a t statistic. */
  public static double twoSidedP(double t, double df) {
    checkDf(df);
    if (Double.isNaN(t)) {
      throw new IllegalArgumentException("t statistic is NaN");
    }
    if (Double.isInfinite(t)) {
      return 0;
    }
    return 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
  }

  private static void checkDf(double df) {
    if (!(df > 0) || Double.isInfinite(df)) {
      throw new IllegalArgumentException("degrees of freedom must be positive, not " + df);
    }
  }
}
