package io.lfsbeam.report;

import java.util.Collection;

/**
 * Mean and sample standard deviation (Bessel's n − 1) of one figure over seeds. Seeds are a sample
 * of the training noise, so n − 1 is the unbiased choice; std is NaN for a single seed rather than
 * a misleading 0. (Fold stds inside EvalMetrics are population stds, the LFW convention.)
 */
public record MeanStd(double mean, double std, int n) {

  public static MeanStd of(Collection<Double> values) {
    int n = values.size();
    if (n == 0) {
      return new MeanStd(Double.NaN, Double.NaN, 0);
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / n;
    if (n == 1) {
      return new MeanStd(mean, Double.NaN, 1);
    }
    // two-pass: no cancellation when the values are close together (accuracies of seeds are)
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    return new MeanStd(mean, Math.sqrt(ss / (n - 1)), n);
  }
}
