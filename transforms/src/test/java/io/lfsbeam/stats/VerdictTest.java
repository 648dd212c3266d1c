package io.lfsbeam.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VerdictTest {
  private static TotalNoise noise(double estimate, int seeds) {
    return new TotalNoise(estimate, seeds, 1e-4, 1e-4, 600, 40, 39, 10);
  }

  /** The sign of the difference once the Holm-adjusted p is below α. */
  @Test
  void adjustedPDecides() {
    assertEquals(Verdict.BETTER, Verdict.of(noise(0.03, 5), 0.01, 0.05));
    assertEquals(Verdict.WORSE, Verdict.of(noise(-0.03, 5), 0.049, 0.05));
    assertEquals(Verdict.NOT_DISTINGUISHABLE, Verdict.of(noise(0.03, 5), 0.05, 0.05));
    assertEquals(Verdict.NOT_DISTINGUISHABLE, Verdict.of(noise(-0.03, 5), 0.3, 0.05));
  }

  /**
   * One seed is never a verdict, whatever the pairs say (the old rule let the pair bootstrap alone
   * decide then: 17–38 % false verdicts in issue 23's simulation).
   */
  @Test
  void oneSeedAsksForMoreSeeds() {
    TotalNoise one = new TotalNoise(0.2, 1, Double.NaN, 1e-6, 600, 40, 39, Double.NaN);
    assertEquals(Verdict.MORE_SEEDS, Verdict.of(one, Double.NaN, 0.05));
    assertEquals(Verdict.MORE_SEEDS, Verdict.of(one, 0.0, 0.05));
    assertEquals(Verdict.UNKNOWN, Verdict.of(null, Double.NaN, 0.05));
  }
}
