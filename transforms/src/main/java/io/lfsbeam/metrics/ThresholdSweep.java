package io.lfsbeam.metrics;

/**
 * The accuracy-maximising threshold on a set of labelled scores, found exactly by one sort and one
 * sweep (O(n log n)).
 *
 * <p>Decision rule: {@code score > threshold} means "same identity".
 *
 * <p>Candidates: one threshold below the smallest score (accept all), the midpoint between every
 * pair of consecutive distinct scores, and one above the largest score (reject all). Every
 * threshold in the open gap between two consecutive distinct scores gives the same accuracy, so
 * these candidates cover every achievable accuracy: the result is the true optimum, not a grid
 * approximation, and within its gap it sits in the middle, as far as possible from both scores.
 *
 * <p>Ties: when several candidates reach the best accuracy, the <b>smallest</b> one wins (the first
 * in sweep order). This is the rule of the common LFW evaluation scripts, which take {@code
 * numpy.argmax} over an ascending threshold list.
 */
public final class ThresholdSweep {
  private ThresholdSweep() {}

  /** A chosen threshold and the accuracy it reaches on the set it was chosen on. */
  public record Choice(double threshold, int correct, int total) {
    public double accuracy() {
      return (double) correct / total;
    }
  }

  /** Best threshold for the given pairs; at least one pair is required. */
  public static Choice best(double[] scores, boolean[] same) {
    return best(SortedScores.of(scores, same));
  }

  static Choice best(SortedScores s) {
    double[] g = s.genuine;
    double[] m = s.impostor;
    int total = s.size();
    if (total == 0) {
      throw new IllegalArgumentException("cannot choose a threshold on zero pairs");
    }
    // Below every score everything is accepted: exactly the genuine pairs are right.
    int correct = g.length;
    int best = correct;
    double bestThreshold = SortedScores.below(s.min());
    int gi = 0;
    int mi = 0;
    while (gi < g.length || mi < m.length) {
      double v = nextValue(g, gi, m, mi);
      // Moving the threshold past v rejects every pair scoring v.
      while (gi < g.length && g[gi] == v) {
        gi++;
        correct--;
      }
      while (mi < m.length && m[mi] == v) {
        mi++;
        correct++;
      }
      if (correct > best) {
        best = correct;
        bestThreshold =
            (gi < g.length || mi < m.length)
                ? SortedScores.midpoint(v, nextValue(g, gi, m, mi))
                : SortedScores.above(v);
      }
    }
    return new Choice(bestThreshold, best, total);
  }

  /** Fraction of pairs where {@code (score > threshold) == same}. */
  public static double accuracy(double[] scores, boolean[] same, double threshold) {
    SortedScores.checkLengths(scores, same);
    if (scores.length == 0) {
      throw new IllegalArgumentException("accuracy of zero pairs is undefined");
    }
    int correct = 0;
    for (int i = 0; i < scores.length; i++) {
      if ((scores[i] > threshold) == same[i]) {
        correct++;
      }
    }
    return (double) correct / scores.length;
  }

  /** The smaller head of two ascending arrays (at least one not exhausted). */
  static double nextValue(double[] a, int ai, double[] b, int bi) {
    if (ai >= a.length) {
      return b[bi];
    }
    if (bi >= b.length) {
      return a[ai];
    }
    return Math.min(a[ai], b[bi]);
  }
}
