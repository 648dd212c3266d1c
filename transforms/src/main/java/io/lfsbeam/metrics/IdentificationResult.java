package io.lfsbeam.metrics;

import java.util.Locale;

/**
 * Per-probe ranks of the first correct gallery match, and the cumulative match characteristic (CMC)
 * derived from them. Rank {@link #NOT_IN_GALLERY} marks a probe whose identity has no gallery
 * image: it is a miss at every rank.
 */
public final class IdentificationResult {
  /** Rank of a probe whose identity is absent from the gallery. */
  public static final int NOT_IN_GALLERY = Integer.MAX_VALUE;

  private final int[] ranks;

  IdentificationResult(int[] ranks) {
    if (ranks.length == 0) {
      throw new IllegalArgumentException("identification needs at least one probe");
    }
    this.ranks = ranks.clone();
  }

  public int probeCount() {
    return ranks.length;
  }

  /** 1-based rank of probe i's first correct match, or {@link #NOT_IN_GALLERY}. */
  public int rank(int i) {
    return ranks[i];
  }

  /** Fraction of probes whose correct identity is among the top k gallery entries (CMC at k). */
  public double rankAccuracy(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("rank must be ≥ 1: " + k);
    }
    int hits = 0;
    for (int r : ranks) {
      if (r <= k) {
        hits++;
      }
    }
    return (double) hits / ranks.length;
  }

  public double rank1() {
    return rankAccuracy(1);
  }

  public double rank5() {
    return rankAccuracy(5);
  }

  /** Probes whose identity has no gallery image (counted as misses). */
  public int probesNotInGallery() {
    int n = 0;
    for (int r : ranks) {
      if (r == NOT_IN_GALLERY) {
        n++;
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "rank-1 %.4f, rank-5 %.4f over %d probes (%d not in gallery)",
        rank1(),
        rank5(),
        ranks.length,
        probesNotInGallery());
  }
}
