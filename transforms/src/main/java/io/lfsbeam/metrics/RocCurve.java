package io.lfsbeam.metrics;

import java.util.Arrays;

/**
 * Builds the exact ROC curve of labelled scores with one sort per class and one merge sweep, so a
 * million pairs take well under a second and nothing is boxed.
 *
 * <p>Points: threshold {@code min − 1} (everything accepted, FAR = TAR = 1), then one point per
 * distinct score value v with threshold v: with the decision {@code score > t}, every threshold in
 * [v, next value) gives the same counts, and v is the smallest of them. The last point has FAR =
 * TAR = 0.
 */
public final class RocCurve {
  private RocCurve() {}

  /** ROC of the given pairs; at least one matched and one mismatched pair are required. */
  public static Roc compute(double[] scores, boolean[] same) {
    SortedScores s = SortedScores.of(scores, same);
    double[] g = s.genuine;
    double[] m = s.impostor;
    if (g.length == 0 || m.length == 0) {
      throw new IllegalArgumentException(
          "ROC needs both matched and mismatched pairs, got "
              + g.length
              + " matched and "
              + m.length
              + " mismatched");
    }
    int capacity = g.length + m.length + 1;
    double[] thresholds = new double[capacity];
    int[] falseAccepts = new int[capacity];
    int[] trueAccepts = new int[capacity];
    thresholds[0] = SortedScores.below(s.min());
    falseAccepts[0] = m.length;
    trueAccepts[0] = g.length;
    int points = 1;
    int gi = 0;
    int mi = 0;
    while (gi < g.length || mi < m.length) {
      double v = ThresholdSweep.nextValue(g, gi, m, mi);
      while (gi < g.length && g[gi] == v) {
        gi++;
      }
      while (mi < m.length && m[mi] == v) {
        mi++;
      }
      thresholds[points] = v;
      falseAccepts[points] = m.length - mi;
      trueAccepts[points] = g.length - gi;
      points++;
    }
    return new Roc(
        Arrays.copyOf(thresholds, points),
        Arrays.copyOf(falseAccepts, points),
        Arrays.copyOf(trueAccepts, points),
        g.length,
        m.length);
  }
}
