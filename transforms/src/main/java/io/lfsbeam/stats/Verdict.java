package io.lfsbeam.stats;

/**
 * What a paired difference says at a family-wise level: better or worse when its Holm-adjusted
 * p-value ({@link Holm}) is below α, by the sign of the difference; not distinguishable otherwise;
 * no verdict from one seed (one model per method cannot tell a better loss from a lucky seed), and
 * none without a test accuracy for both.
 */
public enum Verdict {
  BETTER("better than"),
  NOT_DISTINGUISHABLE("not distinguishable from"),
  WORSE("worse than"),
  MORE_SEEDS("not judged (one seed: run more seeds) against"),
  UNKNOWN("not comparable (no paired test accuracy) with");

  /** The family-wise level of every verdict. */
  public static final double ALPHA = 0.05;

  private final String phrase;

  Verdict(String phrase) {
    this.phrase = phrase;
  }

  /** "better than", "not distinguishable from", … for a sentence. */
  public String phrase() {
    return phrase;
  }

  /**
   * @param noise the difference and its total noise, null when there is none
   * @param adjustedP its Holm-adjusted p-value (NaN when it was not tested)
   */
  public static Verdict of(TotalNoise noise, double adjustedP, double alpha) {
    if (noise == null) {
      return UNKNOWN;
    }
    if (!noise.judgeable() || Double.isNaN(adjustedP)) {
      return MORE_SEEDS;
    }
    if (adjustedP < alpha) {
      return noise.estimate() > 0 ? BETTER : noise.estimate() < 0 ? WORSE : NOT_DISTINGUISHABLE;
    }
    return NOT_DISTINGUISHABLE;
  }

  /** Whether the verdict says the methods differ. */
  public boolean resolved() {
    return this == BETTER || this == WORSE;
  }
}
