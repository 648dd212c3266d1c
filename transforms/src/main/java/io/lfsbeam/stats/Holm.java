package io.lfsbeam.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction for a family of tests (Holm 1979, Scand. J. Statist. 6): sort the k
 * p-values, compare the i-th smallest with α/(k − i + 1), and stop at the first that fails. It
 * keeps the family-wise error rate — the chance of at least one false "better/worse" among all
 * comparisons of a table — at α under any dependence between the tests (the comparisons of a
 * compare share their reference and their test pairs), and it rejects everything Bonferroni rejects
 * and more.
 */
public final class Holm {
  private Holm() {}

  /**
   * Holm-adjusted p-values, max_{j ≤ i} min(1, (k − j + 1)·p_(j)) in sorted order, returned in the
   * input order: a test is rejected at family-wise level α exactly when its adjusted p is below α.
   * NaN entries (comparisons without a test, e.g. one seed) are not part of the family and stay
   * NaN.
   */
  public static double[] adjust(double[] p) {
    Integer[] order =
        java.util.stream.IntStream.range(0, p.length)
            .filter(i -> !Double.isNaN(p[i]))
            .boxed()
            .toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    int k = order.length;
    double[] out = new double[p.length];
    Arrays.fill(out, Double.NaN);
    double running = 0;
    for (int r = 0; r < k; r++) {
      double v = p[order[r]];
      if (v < 0 || v > 1) {
        throw new IllegalArgumentException("p-value out of [0, 1]: " + v);
      }
      running = Math.max(running, Math.min(1, (k - r) * v));
      out[order[r]] = running;
    }
    return out;
  }

  /** The tests in the family: the non-NaN p-values. */
  public static int familySize(double[] p) {
    return (int) Arrays.stream(p).filter(v -> !Double.isNaN(v)).count();
  }
}
