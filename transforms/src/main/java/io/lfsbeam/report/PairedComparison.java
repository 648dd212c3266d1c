package io.lfsbeam.report;

import io.lfsbeam.stats.Interval;
import io.lfsbeam.stats.Verdict;

/**
 * A method against another, seed by seed: the paired mean difference in test accuracy with its 95 %
 * t interval over seeds and its bootstrap interval over test pairs.
 *
 * @param seeds the t interval over the paired seeds (no bounds with one seed)
 * @param pairs the bootstrap interval over the test pairs, null when pair scores are missing
 */
public record PairedComparison(
    String method, String against, Role role, Interval seeds, Interval pairs, Verdict verdict) {

  /** Why the two are compared. */
  public enum Role {
    /** Against the reference method (--reference). */
    REFERENCE,
    /** A search against its population control (same compute, the loss not searched). */
    CONTROL
  }
}
