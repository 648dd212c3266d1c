package io.lfsbeam.metrics;

import java.util.Random;

/** Small score sets whose protocol results are worked out by hand in the comments. */
final class HandCases {
  private HandCases() {}

  /** Scores, labels and folds of one hand-made case. */
  record Pairs(double[] scores, boolean[] same, int[] folds) {}

  /**
   * Ten folds of six pairs. Folds 1..9: matched {0.4, 0.8, 0.9}, mismatched {0.1, 0.2, 0.6}. Fold
   * 0: matched {0.35, 0.8, 0.9}, mismatched {0.1, 0.2, 0.25}.
   *
   * <p>Held-out fold 0, training folds 1..9 (27 matched, 27 mismatched); correct counts as the
   * threshold sweeps upward: below all 27; past 0.1 → 36; past 0.2 → 45; past 0.4 → 36; past 0.6 →
   * 45; past 0.8 → 36; past 0.9 → 27. Best 45 at 0.3 and at 0.7: the smallest-threshold rule picks
   * 0.3, and fold 0 then scores 6/6 (0.7 would have given 5/6).
   *
   * <p>Held-out fold k ≥ 1, training = fold 0 + eight standard folds: below 27; past 0.1 (9
   * mismatched) → 36; past 0.2 (9) → 45; past 0.25 (1) → 46; past 0.35 (1 matched) → 45; past 0.4
   * (8) → 37; past 0.6 (8) → 45; past 0.8 → 36; past 0.9 → 27. Best 46 at 0.3; fold k scores 5/6
   * (0.6 is falsely accepted).
   *
   * <p>Mean = (1 + 9 · 5/6) / 10 = 0.85. Deviations 0.15 and −1/60: population variance (0.0225 +
   * 9/3600) / 10 = 0.0025, std = 0.05 (the sample std would be 0.0527).
   */
  static Pairs knownOverlap() {
    double[] scores = new double[60];
    boolean[] same = new boolean[60];
    int[] folds = new int[60];
    for (int f = 0; f < 10; f++) {
      double[] matched = f == 0 ? new double[] {0.35, 0.8, 0.9} : new double[] {0.4, 0.8, 0.9};
      double[] mismatched = f == 0 ? new double[] {0.1, 0.2, 0.25} : new double[] {0.1, 0.2, 0.6};
      for (int j = 0; j < 3; j++) {
        put(scores, same, folds, 6 * f + j, matched[j], true, f);
        put(scores, same, folds, 6 * f + 3 + j, mismatched[j], false, f);
      }
    }
    return new Pairs(scores, same, folds);
  }

  /** Ten folds, matched scores in [0.6, 0.9], mismatched in [−0.2, 0.3]: every fold separable. */
  static Pairs separable(int perFoldPerClass) {
    int n = 20 * perFoldPerClass;
    double[] scores = new double[n];
    boolean[] same = new boolean[n];
    int[] folds = new int[n];
    Random r = new Random(7);
    for (int i = 0; i < n; i++) {
      boolean s = i % 2 == 0;
      put(
          scores,
          same,
          folds,
          i,
          s ? 0.6 + 0.3 * r.nextDouble() : -0.2 + 0.5 * r.nextDouble(),
          s,
          (i / 2) % 10);
    }
    return new Pairs(scores, same, folds);
  }

  /** Ten balanced folds where every pair has the same score. */
  static Pairs allEqual(int perFoldPerClass) {
    int n = 20 * perFoldPerClass;
    double[] scores = new double[n];
    boolean[] same = new boolean[n];
    int[] folds = new int[n];
    for (int i = 0; i < n; i++) {
      put(scores, same, folds, i, 0.5, i % 2 == 0, (i / 2) % 10);
    }
    return new Pairs(scores, same, folds);
  }

  private static void put(
      double[] s, boolean[] l, int[] f, int i, double score, boolean same, int fold) {
    s[i] = score;
    l[i] = same;
    f[i] = fold;
  }
}
