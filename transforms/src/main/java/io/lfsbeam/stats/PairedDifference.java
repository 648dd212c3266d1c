package io.lfsbeam.stats;

/**
 * The paired mean difference of two methods over seeds, with the Student t interval: seed i of both
 * methods starts from the same weights and data order, so d_i = a_i − b_i removes what the seed
 * does to both, and
 *
 * <pre>
 *   d̄ ± t_{(1+level)/2, n−1} · s_d / √n,   s_d the sample standard deviation (n − 1) of the d_i.
 * </pre>
 *
 * <p>With one seed there is no spread to estimate: the estimate comes without bounds.
 */
public final class PairedDifference {
  private PairedDifference() {}

  /**
   * @param a method A's value per seed
   * @param b method B's value for the same seeds, in the same order
   */
  public static Interval overSeeds(double[] a, double[] b, double level) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "paired values differ in count: " + a.length + " vs " + b.length);
    }
    if (a.length == 0) {
      throw new IllegalArgumentException("no paired values");
    }
    checkLevel(level);
    int n = a.length;
    double[] d = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      d[i] = a[i] - b[i];
      mean += d[i];
    }
    mean /= n;
    if (n < 2) {
      return Interval.pointOnly(mean, level, n);
    }
    double ss = 0;
    for (double v : d) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double half = StudentT.quantile((1 + level) / 2, n - 1) * sd / Math.sqrt(n);
    return new Interval(mean, mean - half, mean + half, level, n);
  }

  static void checkLevel(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), not " + level);
    }
  }
}
