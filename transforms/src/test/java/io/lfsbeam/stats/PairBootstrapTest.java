package io.lfsbeam.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairBootstrapTest {
  /** Expected values: numpy 2.x {@code np.percentile([3,1,4,1,5,9,2,6], [2.5, 50, 97.5])}. */
  @Test
  void percentileInterpolatesLikeNumpy() {
    double[] sorted = {1, 1, 2, 3, 4, 5, 6, 9};
    assertEquals(1.0, PairBootstrap.percentile(sorted, 0.025), 1e-12);
    assertEquals(3.5, PairBootstrap.percentile(sorted, 0.5), 1e-12);
    assertEquals(8.475, PairBootstrap.percentile(sorted, 0.975), 1e-12);
  }

  @Test
  void identicalModelsDifferByExactlyZero() {
    boolean[] c = random(300, 0.7, 1);
    Interval i = PairBootstrap.overPairs(List.of(c), List.of(c.clone()), 0.95);
    assertEquals(0, i.estimate());
    assertEquals(0, i.low());
    assertEquals(0, i.high());
    assertEquals(300, i.n());
  }

  /** By hand: A right on every pair, B on none: every resample differs by exactly 1. */
  @Test
  void alwaysRightAgainstAlwaysWrong() {
    boolean[] right = new boolean[50];
    java.util.Arrays.fill(right, true);
    Interval i = PairBootstrap.overPairs(List.of(right), List.of(new boolean[50]), 0.95);
    assertEquals(1, i.estimate(), 1e-12);
    assertEquals(1, i.low(), 1e-12);
    assertEquals(1, i.high(), 1e-12);
  }

  /**
   * The estimate is the mean over seeds of the per-seed accuracy differences, by hand: seed 1 A
   * 3/4, B 1/4 (+0.5); seed 2 A 1/4, B 2/4 (−0.25); mean +0.125.
   */
  @Test
  void estimateAveragesSeeds() {
    List<boolean[]> a =
        List.of(new boolean[] {true, true, true, false}, new boolean[] {false, true, false, false});
    List<boolean[]> b =
        List.of(
            new boolean[] {false, false, true, false}, new boolean[] {true, false, true, false});
    Interval i = PairBootstrap.overPairs(a, b, 0.95);
    assertEquals(0.125, i.estimate(), 1e-12);
    assertTrue(i.low() <= 0.125 && 0.125 <= i.high(), i.toString());
  }

  /**
   * On many pairs the percentile interval approaches the normal one, estimate ± 1.96 · sd(D) / √N
   * (D the per-pair differences): a check that does not share the resampling code.
   */
  @Test
  void agreesWithTheNormalApproximationOnManyPairs() {
    int n = 4000;
    boolean[] a = random(n, 0.80, 2);
    boolean[] b = random(n, 0.75, 3);
    double mean = 0;
    for (int j = 0; j < n; j++) {
      mean += ((a[j] ? 1 : 0) - (b[j] ? 1 : 0)) / (double) n;
    }
    double ss = 0;
    for (int j = 0; j < n; j++) {
      double d = (a[j] ? 1 : 0) - (b[j] ? 1 : 0) - mean;
      ss += d * d;
    }
    double half = 1.959963984540054 * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
    Interval i = PairBootstrap.overPairs(List.of(a), List.of(b), 4000, 7, 0.95);
    assertEquals(mean, i.estimate(), 1e-12);
    assertEquals(mean - half, i.low(), 0.1 * half);
    assertEquals(mean + half, i.high(), 0.1 * half);
    assertTrue(i.excludesZero(), "a 5-point gap on 4000 pairs is resolved: " + i);
  }

  @Test
  void theFixedSeedMakesItRepeatable() {
    boolean[] a = random(200, 0.8, 4);
    boolean[] b = random(200, 0.78, 5);
    Interval first = PairBootstrap.overPairs(List.of(a), List.of(b), 0.95);
    assertEquals(first, PairBootstrap.overPairs(List.of(a), List.of(b), 0.95));
    assertNotEquals(first, PairBootstrap.overPairs(List.of(a), List.of(b), 2000, 99, 0.95));
  }

  @Test
  void modelsOnDifferentPairsAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PairBootstrap.overPairs(List.of(new boolean[3]), List.of(new boolean[4]), 0.95));
  }

  private static boolean[] random(int n, double p, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    boolean[] out = new boolean[n];
    for (int j = 0; j < n; j++) {
      out[j] = r.nextDouble() < p;
    }
    return out;
  }
}
