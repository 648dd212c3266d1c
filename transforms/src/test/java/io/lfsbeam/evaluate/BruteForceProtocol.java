package io.lfsbeam.evaluate;

import io.lfsbeam.schemas.FaceEmbedding;
import java.util.TreeSet;

/**
 * The LFW 10-fold protocol written the obvious O(n²) way, independent of {@code
 * io.lfsbeam.metrics}: for each fold try every midpoint between distinct training scores (and one
 * below/above all), keep the most accurate (smallest on ties), apply {@code score > t} to the
 * held-out fold.
 */
final class BruteForceProtocol {
  private BruteForceProtocol() {}

  static double[] foldAccuracies(double[] score, boolean[] same, int[] fold) {
    int folds = 0;
    for (int f : fold) {
      folds = Math.max(folds, f + 1);
    }
    double[] acc = new double[folds];
    for (int f = 0; f < folds; f++) {
      TreeSet<Double> values = new TreeSet<>();
      for (int i = 0; i < score.length; i++) {
        if (fold[i] != f) {
          values.add(score[i]);
        }
      }
      Double[] v = values.toArray(new Double[0]);
      double bestT = v[0] - 1;
      int bestCorrect = -1;
      for (int k = -1; k < v.length; k++) {
        double t = k < 0 ? v[0] - 1 : k == v.length - 1 ? v[k] + 1 : (v[k] + v[k + 1]) / 2;
        int correct = 0;
        for (int i = 0; i < score.length; i++) {
          if (fold[i] != f && (score[i] > t) == same[i]) {
            correct++;
          }
        }
        if (correct > bestCorrect) {
          bestCorrect = correct;
          bestT = t;
        }
      }
      int right = 0;
      int total = 0;
      for (int i = 0; i < score.length; i++) {
        if (fold[i] == f) {
          total++;
          right += (score[i] > bestT) == same[i] ? 1 : 0;
        }
      }
      acc[f] = (double) right / total;
    }
    return acc;
  }

  /** P(genuine score > impostor score) + ½ P(equal), over all genuine × impostor pairs. */
  static double auc(double[] score, boolean[] same) {
    double wins = 0;
    long count = 0;
    for (int i = 0; i < score.length; i++) {
      if (!same[i]) {
        continue;
      }
      for (int j = 0; j < score.length; j++) {
        if (!same[j]) {
          wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
          count++;
        }
      }
    }
    return wins / count;
  }

  static double cosine(FaceEmbedding e, double[] t) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int d = 0; d < t.length; d++) {
      double a = e.getVector().get(d);
      dot += a * t[d];
      na += a * a;
      nb += t[d] * t[d];
    }
    return dot / Math.sqrt(na * nb);
  }
}
