package io.lfsbeam.report;

import io.lfsbeam.stats.Interval;
import io.lfsbeam.stats.TotalNoise;
import io.lfsbeam.stats.Verdict;

/**
 * A method against another, seed by seed: the paired mean difference in test accuracy with one
 * interval on the total noise (seeds and test pairs, {@link TotalNoise}), its p-value, the p-value
 * after Holm's correction over every comparison of the table, and the verdict that follows.
 *
 * @param noise the difference and its noise
 * @param p the two-sided p-value of "no difference", NaN with one seed
 * @param adjustedP Holm-adjusted over the table's family, NaN when not tested
 * @param family how many comparisons the table tested (Holm's k)
 */
public record PairedComparison(
    String method,
    String against,
    Role role,
    TotalNoise noise,
    double p,
    double adjustedP,
    int family,
    Verdict verdict) {

  /** Why the two are compared. */
  public enum Role {
    /** Against the reference method (--reference). */
    REFERENCE,
    /** A search against its population control (same compute, the loss not searched). */
    CONTROL
  }

  /** The unadjusted interval at {@code PairedComparisons.LEVEL}. */
  public Interval interval() {
    return noise.interval(PairedComparisons.LEVEL);
  }

  /**
   * The level a single comparison is held to in the power figures: Bonferroni's α/k, the strictest
   * step of Holm, so a difference of the stated size is detected whatever the other comparisons.
   */
  public double powerAlpha() {
    return Verdict.ALPHA / Math.max(1, family);
  }
}
