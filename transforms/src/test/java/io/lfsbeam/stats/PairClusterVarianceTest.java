package io.lfsbeam.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairClusterVarianceTest {
  /**
   * By hand: pairs {0}, {0,1}, {1}, {2,3} with y = (1, 1, 0, −2), mean 0. Pairs sharing an
   * identity: each with itself, 0–1 (identity 0), 1–2 (identity 1). Σ = 1 + 1 + 0 + 4 + 2·1·1 +
   * 2·1·0 = 8; G = 4, so V = 4/3 · 8/16 = 2/3 (the independent-pairs value 6/12 = 1/2 is lower).
   */
  @Test
  void handComputedDyadicVariance() {
    PairClusterVariance v = new PairClusterVariance(new int[] {0, 0, 1, 2}, new int[] {0, 1, 1, 3});
    assertEquals(4, v.clusters());
    assertEquals(2.0 / 3, v.ofMean(new double[] {1, 1, 0, -2}), 1e-15);
  }

  /**
   * Two mismatched pairs of the same two people share both; they are counted once, not twice. By
   * hand: pairs {0,1}, {1,0}, {2}: y = (1, 1, −2), e = y; Σ = 1 + 1 + 4 + 2·1·1 = 8, G = 3: V = 3/2
   * · 8/9 = 4/3.
   */
  @Test
  void aDyadSharedTwiceCountsOnce() {
    PairClusterVariance v = new PairClusterVariance(new int[] {0, 1, 2}, new int[] {1, 0, 2});
    assertEquals(4.0 / 3, v.ofMean(new double[] {1, 1, -2}), 1e-15);
  }

  /** Negatively correlated neighbours would give less than independence: the floor holds. */
  @Test
  void neverBelowTheIndependentPairsVariance() {
    // pairs {0}, {0}, {1}: e = (1, −1, 0); Σ = 1 + 1 − 2 + 0 = 0 → floored at Σe²/(P(P−1)) = 2/6
    PairClusterVariance v = new PairClusterVariance(new int[] {0, 0, 1}, new int[] {0, 0, 1});
    assertEquals(1.0 / 3, v.ofMean(new double[] {1, -1, 0}), 1e-15);
  }

  /** Against the brute-force double sum over every two pairs, on random pairs. */
  @Test
  void matchesTheBruteForceDoubleSum() {
    SplittableRandom r = new SplittableRandom(3);
    int p = 200;
    int[] left = new int[p];
    int[] right = new int[p];
    double[] y = new double[p];
    for (int j = 0; j < p; j++) {
      left[j] = r.nextInt(15);
      right[j] = r.nextBoolean() ? left[j] : r.nextInt(15);
      // correlated within an identity, so the clustered value is above the floor
      y[j] = left[j] % 3 + right[j] % 3 + r.nextGaussian();
    }
    double mean = 0;
    for (double v : y) {
      mean += v / p;
    }
    double sum = 0;
    java.util.Set<Integer> ids = new java.util.HashSet<>();
    for (int j = 0; j < p; j++) {
      ids.add(left[j]);
      ids.add(right[j]);
      for (int k = 0; k < p; k++) {
        boolean share =
            left[j] == left[k]
                || left[j] == right[k]
                || right[j] == left[k]
                || right[j] == right[k];
        if (share) {
          sum += (y[j] - mean) * (y[k] - mean);
        }
      }
    }
    int g = ids.size();
    double expected = g / (g - 1.0) * sum / ((double) p * p);
    PairClusterVariance v = new PairClusterVariance(left, right);
    assertEquals(g, v.clusters());
    assertEquals(expected, v.ofMean(y), 1e-12 * expected);
  }

  @Test
  void rejectsMismatchedLengths() {
    assertThrows(
        IllegalArgumentException.class, () -> new PairClusterVariance(new int[] {0}, new int[0]));
    PairClusterVariance v = new PairClusterVariance(new int[] {0, 1}, new int[] {0, 1});
    assertThrows(IllegalArgumentException.class, () -> v.ofMean(new double[] {1}));
  }
}
