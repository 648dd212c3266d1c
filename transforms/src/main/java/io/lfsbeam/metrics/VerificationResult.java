package io.lfsbeam.metrics;

import java.util.Arrays;
import java.util.Locale;

/**
 * Outcome of the k-fold verification protocol: one accuracy and one threshold per held-out fold.
 *
 * <p>{@link #stdAccuracy()} is the <b>population</b> standard deviation (divide by k, numpy's
 * default {@code ddof=0}), because that is what the common LFW evaluation code reports as the "±"
 * after the mean; numbers stay comparable with published tables.
 *
 * <p>Immutable: arrays are copied in and out.
 */
public final class VerificationResult {
  private final double[] foldAccuracies;
  private final double[] foldThresholds;
  private final double meanAccuracy;
  private final double stdAccuracy;
  private final double meanThreshold;

  VerificationResult(double[] foldAccuracies, double[] foldThresholds) {
    if (foldAccuracies.length != foldThresholds.length || foldAccuracies.length == 0) {
      throw new IllegalArgumentException("need one accuracy and one threshold per fold");
    }
    this.foldAccuracies = foldAccuracies.clone();
    this.foldThresholds = foldThresholds.clone();
    this.meanAccuracy = mean(foldAccuracies);
    this.stdAccuracy = populationStd(foldAccuracies, meanAccuracy);
    this.meanThreshold = mean(foldThresholds);
  }

  public int foldCount() {
    return foldAccuracies.length;
  }

  /** Accuracy on held-out fold {@code i}, using the threshold chosen on the other folds. */
  public double foldAccuracy(int i) {
    return foldAccuracies[i];
  }

  /** Threshold chosen on all folds but {@code i} (decision {@code score > threshold}). */
  public double foldThreshold(int i) {
    return foldThresholds[i];
  }

  public double[] foldAccuracies() {
    return foldAccuracies.clone();
  }

  public double[] foldThresholds() {
    return foldThresholds.clone();
  }

  /** Mean of the per-fold accuracies: the reported verification accuracy. */
  public double meanAccuracy() {
    return meanAccuracy;
  }

  /** Population standard deviation (ddof = 0) of the per-fold accuracies. */
  public double stdAccuracy() {
    return stdAccuracy;
  }

  public double meanThreshold() {
    return meanThreshold;
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** Square root of the mean squared deviation (divide by n, not n − 1). */
  static double populationStd(double[] values, double mean) {
    double sum = 0;
    for (double v : values) {
      double d = v - mean;
      sum += d * d;
    }
    return Math.sqrt(sum / values.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerificationResult r
        && Arrays.equals(foldAccuracies, r.foldAccuracies)
        && Arrays.equals(foldThresholds, r.foldThresholds);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(foldAccuracies) + Arrays.hashCode(foldThresholds);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "accuracy %.4f ± %.4f over %d folds (mean threshold %.4f)",
        meanAccuracy,
        stdAccuracy,
        foldAccuracies.length,
        meanThreshold);
  }
}
