package io.lfsbeam.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TotalNoiseTest {
  /**
   * Three seeds × six pairs. Expected values from an independent numpy/scipy 1.17.1 implementation
   * with brute-force double sums over pairs sharing an identity ({@code D} the matrix below, left
   * (0,0,1,2,3,1), right (0,1,1,3,3,2); see the class javadoc of TotalNoise for the formulas).
   */
  @Test
  void matchesAnIndependentImplementation() {
    double[][] d = {{1, 0, 0, -1, 1, 0}, {0, 0, 1, -1, 1, 1}, {1, -1, 0, 0, 1, 0}};
    PairDifferences pairs =
        new PairDifferences(d, new int[] {0, 0, 1, 2, 3, 1}, new int[] {0, 1, 1, 3, 3, 2});
    TotalNoise t = TotalNoise.of(new double[] {1.0 / 6, 2.0 / 6, 1.0 / 6}, pairs);
    assertEquals(0.2222222222222222, t.estimate(), 1e-15);
    assertEquals(0.0030864197530864196, t.seedVariance(), 1e-15);
    assertEquals(0.04087791495198903, t.pairVariance(), 1e-14);
    assertEquals(0.04396433470507545, t.variance(), 1e-14);
    assertEquals(1.3156141817962537, t.df(), 1e-9);
    assertEquals(4, t.clusters());
    assertEquals(6, t.pairs());
    Interval i = t.interval(0.95);
    assertEquals(-1.3193100745898128, i.low(), 1e-7);
    assertEquals(1.7637545190342574, i.high(), 1e-7);
    assertEquals(0.44568840435554413, t.pValue(), 1e-8);
    assertEquals(1.7953374860133244, t.minimumDetectable(0.05, 0.8), 1e-7);
  }

  /**
   * Without pair scores the interval is the paired t over seeds. Expected: scipy 1.17.1, {@code
   * scipy.stats.ttest_rel(a, b)} for a = (0.80, 0.82, 0.78, 0.85, 0.81), b = (0.79, 0.80, 0.79,
   * 0.82, 0.80): confidence_interval(0.95) = (−0.006416853329919826, 0.0304168533299198), pvalue
   * 0.14470399860633068.
   */
  @Test
  void seedsAloneIsThePairedT() {
    double[] a = {0.80, 0.82, 0.78, 0.85, 0.81};
    double[] b = {0.79, 0.80, 0.79, 0.82, 0.80};
    double[] d = new double[5];
    for (int i = 0; i < 5; i++) {
      d[i] = a[i] - b[i];
    }
    TotalNoise t = TotalNoise.of(d, null);
    assertFalse(t.pairsIncluded());
    assertEquals(4, t.df(), 0);
    Interval i = t.interval(0.95);
    assertEquals(-0.006416853329919826, i.low(), 1e-9);
    assertEquals(0.0304168533299198, i.high(), 1e-9);
    assertEquals(0.14470399860633068, t.pValue(), 1e-9);
  }

  /** One seed: an estimate, no interval, no p-value, no detectable difference. */
  @Test
  void oneSeedHasNoInterval() {
    PairDifferences pairs =
        new PairDifferences(
            new double[][] {{1, 0, 1, 1}}, new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3});
    TotalNoise t = TotalNoise.of(new double[] {0.75}, pairs);
    assertFalse(t.judgeable());
    assertFalse(t.interval(0.95).bounded());
    assertTrue(Double.isNaN(t.pValue()));
    assertTrue(Double.isNaN(t.minimumDetectable(0.05, 0.8)));
    assertEquals(OptionalInt.empty(), t.seedsToDetect(0.1, 0.05, 0.8, 1000));
  }

  /**
   * Seeds to detect without pair scores: with s_d = 0.02, MDE(m) = (t_{0.975,m−1} + t_{0.8,m−1}) ·
   * 0.02/√m; scipy 1.17.1 gives 0.021299 for m = 9 and 0.019894 for m = 10, so a true difference of
   * 0.02 needs 10 seeds.
   */
  @Test
  void seedsToDetectProjectsTheSeedSpread() {
    // d = (0.03, −0.01, 0.01): mean 0.01, s_d = 0.02
    TotalNoise t = TotalNoise.of(new double[] {0.03, -0.01, 0.01}, null);
    assertEquals(0.02 * 0.02 / 3, t.seedVariance(), 1e-15);
    assertEquals(OptionalInt.of(10), t.seedsToDetect(0.02, 0.05, 0.8, 1000));
    assertEquals(OptionalInt.of(10), t.seedsToDetect(-0.02, 0.05, 0.8, 1000));
    assertEquals(OptionalInt.empty(), t.seedsToDetect(0.02, 0.05, 0.8, 9), "beyond the cap");
    assertEquals(OptionalInt.empty(), t.seedsToDetect(0, 0.05, 0.8, 1000));
  }

  /**
   * When the test pairs' own noise alone keeps a difference below detection, more seeds cannot
   * help: (z_{0.975} + z_{0.8}) · √Q_b = 2.8016 · 0.01 > 0.02.
   */
  @Test
  void pairNoiseLimitsWhatSeedsCanDo() {
    TotalNoise t = new TotalNoise(0.02, 3, 1e-4, 1e-4, 600, 40, 39, 10);
    assertTrue(t.pairLimited(0.02, 0.05, 0.8));
    assertEquals(OptionalInt.empty(), t.seedsToDetect(0.02, 0.05, 0.8, 1000));
    assertFalse(t.pairLimited(0.03, 0.05, 0.8));
    assertTrue(t.seedsToDetect(0.03, 0.05, 0.8, 1000).isPresent());
  }

  @Test
  void zeroSpreadDecidesBySign() {
    TotalNoise same = TotalNoise.of(new double[] {0.01, 0.01}, null);
    assertEquals(0, same.pValue(), 0);
    TotalNoise none = TotalNoise.of(new double[] {0, 0}, null);
    assertEquals(1, none.pValue(), 0);
  }

  @Test
  void rejectsMismatchedSeeds() {
    PairDifferences pairs =
        new PairDifferences(new double[][] {{1}, {0}}, new int[] {0}, new int[] {0});
    assertThrows(IllegalArgumentException.class, () -> TotalNoise.of(new double[] {0.1}, pairs));
    assertThrows(IllegalArgumentException.class, () -> TotalNoise.of(new double[0], null));
  }
}
