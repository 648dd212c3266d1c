package io.lfsbeam.stats;

/**
 * What the intervals of a paired difference say: better or worse only when every available interval
 * lies on the same side of 0 (the seeds and the test pairs must both resolve it), not
 * distinguishable otherwise, unknown when there is no interval at all.
 */
public enum Verdict {
  BETTER("better than"),
  NOT_DISTINGUISHABLE("not distinguishable from"),
  WORSE("worse than"),
  UNKNOWN("not comparable (no interval) with");

  private final String phrase;

  Verdict(String phrase) {
    this.phrase = phrase;
  }

  /** "better than", "not distinguishable from", … for a sentence. */
  public String phrase() {
    return phrase;
  }

  /** The verdict of intervals on the same difference; null or unbounded ones are left out. */
  public static Verdict of(Interval... intervals) {
    int bounded = 0;
    int above = 0;
    int below = 0;
    for (Interval i : intervals) {
      if (i == null || !i.bounded()) {
        continue;
      }
      bounded++;
      above += i.sign() > 0 ? 1 : 0;
      below += i.sign() < 0 ? 1 : 0;
    }
    if (bounded == 0) {
      return UNKNOWN;
    }
    return above == bounded ? BETTER : below == bounded ? WORSE : NOT_DISTINGUISHABLE;
  }
}
