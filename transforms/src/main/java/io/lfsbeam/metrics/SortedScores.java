package io.lfsbeam.metrics;

import java.util.Arrays;

/**
 * Scores split by label into two ascending primitive arrays.
 *
 * <p>Why two arrays instead of sorting (score, label) pairs: {@link Arrays#sort(double[])} on
 * primitives is fast and allocation-free, while sorting an index array or boxed pairs is several
 * times slower at a million pairs. A merge of the two sorted arrays then visits every distinct
 * score once, which is all a threshold sweep needs.
 *
 * <p>{@code -0.0} is stored as {@code 0.0} so the merge's numeric equality and the sort order
 * agree. Non-finite scores are rejected: a NaN similarity means a broken model, and silently
 * ranking it would hide that.
 */
final class SortedScores {
  /** Scores of matched (same-identity) pairs, ascending. */
  final double[] genuine;

  /** Scores of mismatched pairs, ascending. */
  final double[] impostor;

  private SortedScores(double[] genuine, double[] impostor) {
    this.genuine = genuine;
    this.impostor = impostor;
  }

  /** All pairs. */
  static SortedScores of(double[] scores, boolean[] same) {
    checkLengths(scores, same);
    return split(scores, same, null, -1);
  }

  /** All pairs whose fold differs from {@code excludedFold} (the training folds of a split). */
  static SortedScores excludingFold(
      double[] scores, boolean[] same, int[] folds, int excludedFold) {
    return split(scores, same, folds, excludedFold);
  }

  private static SortedScores split(
      double[] scores, boolean[] same, int[] folds, int excludedFold) {
    int genuineCount = 0;
    int impostorCount = 0;
    for (int i = 0; i < scores.length; i++) {
      if (folds != null && folds[i] == excludedFold) {
        continue;
      }
      if (same[i]) {
        genuineCount++;
      } else {
        impostorCount++;
      }
    }
    double[] genuine = new double[genuineCount];
    double[] impostor = new double[impostorCount];
    int g = 0;
    int m = 0;
    for (int i = 0; i < scores.length; i++) {
      if (folds != null && folds[i] == excludedFold) {
        continue;
      }
      double s = scores[i];
      if (!Double.isFinite(s)) {
        throw new IllegalArgumentException("score " + i + " is not finite: " + s);
      }
      s += 0.0; // turns -0.0 into 0.0
      if (same[i]) {
        genuine[g++] = s;
      } else {
        impostor[m++] = s;
      }
    }
    Arrays.sort(genuine);
    Arrays.sort(impostor);
    return new SortedScores(genuine, impostor);
  }

  static void checkLengths(double[] scores, boolean[] same) {
    if (scores.length != same.length) {
      throw new IllegalArgumentException(
          "scores and labels differ in length: " + scores.length + " vs " + same.length);
    }
  }

  int size() {
    return genuine.length + impostor.length;
  }

  double min() {
    if (genuine.length == 0) {
      return impostor[0];
    }
    return impostor.length == 0 ? genuine[0] : Math.min(genuine[0], impostor[0]);
  }

  /** The threshold "below every score" (everything accepted): one unit under the minimum. */
  static double below(double min) {
    double t = min - 1.0;
    return t < min ? t : Math.nextDown(min);
  }

  /** The threshold "above every score" (everything rejected): one unit over the maximum. */
  static double above(double max) {
    double t = max + 1.0;
    return t > max ? t : Math.nextUp(max);
  }

  /**
   * A threshold strictly separating {@code a < b} under the rule {@code score > t}: the midpoint,
   * or {@code a} itself when a and b are adjacent doubles and the midpoint rounds up to b (with
   * {@code t = a}, a is still rejected and b accepted, so the cut is the same).
   */
  static double midpoint(double a, double b) {
    double mid = a + (b - a) / 2.0;
    return (mid >= b || mid < a) ? a : mid;
  }
}
