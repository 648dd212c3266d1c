package io.lfsbeam.stats;

/**
 * An estimate with a two-sided confidence interval.
 *
 * @param estimate the point estimate (e.g. a mean difference)
 * @param low lower bound, NaN when the data cannot give one (one seed)
 * @param high upper bound, NaN likewise
 * @param level coverage, e.g. 0.95
 * @param n how many units the interval is over (seeds, or test pairs)
 */
public record Interval(double estimate, double low, double high, double level, int n) {

  /** An estimate without an interval. */
  public static Interval pointOnly(double estimate, double level, int n) {
    return new Interval(estimate, Double.NaN, Double.NaN, level, n);
  }

  /** Whether both bounds are finite. */
  public boolean bounded() {
    return Double.isFinite(low) && Double.isFinite(high);
  }

  /** +1 when the interval lies above 0, −1 when below, 0 when it holds 0 or has no bounds. */
  public int sign() {
    if (!bounded()) {
      return 0;
    }
    return low > 0 ? 1 : high < 0 ? -1 : 0;
  }

  /** Whether the interval excludes 0 (a difference the data resolve). */
  public boolean excludesZero() {
    return sign() != 0;
  }
}
