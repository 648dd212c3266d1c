package io.lfsbeam.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairedDifferenceTest {
  /**
   * Expected values: scipy 1.17.1, {@code d = a − b; d.mean(); scipy.stats.ttest_rel(a,
   * b).confidence_interval(0.95)}.
   */
  @Test
  void matchesScipyPairedTInterval() {
    double[] a = {0.80, 0.82, 0.78, 0.85, 0.81};
    double[] b = {0.79, 0.80, 0.79, 0.82, 0.80};
    Interval i = PairedDifference.overSeeds(a, b, 0.95);
    assertEquals(0.011999999999999988, i.estimate(), 1e-12);
    assertEquals(-0.006416853329919826, i.low(), 1e-9);
    assertEquals(0.0304168533299198, i.high(), 1e-9);
    assertEquals(5, i.n());
    assertFalse(i.excludesZero());
  }

  /**
   * By hand: d = (2, 3, 4), mean 3, s = 1, half-width t_{0.975,2}/√3 = 4.302652729749462/√3 =
   * 2.484, so the interval [0.516, 5.484] excludes 0.
   */
  @Test
  void handComputedInterval() {
    Interval i = PairedDifference.overSeeds(new double[] {3, 5, 7}, new double[] {1, 2, 3}, 0.95);
    double half = 4.302652729749462 / Math.sqrt(3);
    assertEquals(3, i.estimate(), 1e-12);
    assertEquals(3 - half, i.low(), 1e-9);
    assertEquals(3 + half, i.high(), 1e-9);
    assertTrue(i.excludesZero());
    assertEquals(1, i.sign());
  }

  /** The same offset on every seed has no spread: the interval shrinks to the point. */
  @Test
  void constantDifferenceIsResolved() {
    Interval i =
        PairedDifference.overSeeds(
            new double[] {0.5, 0.6, 0.7}, new double[] {0.6, 0.7, 0.8}, 0.95);
    assertEquals(-0.1, i.estimate(), 1e-12);
    assertEquals(-0.1, i.high(), 1e-9);
    assertEquals(-1, i.sign());
  }

  @Test
  void oneSeedHasNoBounds() {
    Interval i = PairedDifference.overSeeds(new double[] {0.9}, new double[] {0.8}, 0.95);
    assertEquals(0.1, i.estimate(), 1e-12);
    assertFalse(i.bounded());
    assertEquals(0, i.sign());
  }

  @Test
  void unequalCountsAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PairedDifference.overSeeds(new double[] {1, 2}, new double[] {1}, 0.95));
  }
}
