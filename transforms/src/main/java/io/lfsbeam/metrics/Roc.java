package io.lfsbeam.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An exact ROC curve (see {@link RocCurve#compute}) with the summary numbers face papers report.
 *
 * <p>Counts are kept as integers so that FAR targets and the AUC are compared and summed exactly;
 * rates are derived on access. Points are ordered by increasing threshold: FAR and TAR never
 * increase along them.
 */
public final class Roc {
  /** FAR targets reported by default: 1e-1 down to 1e-6. */
  public static final double[] STANDARD_FAR_TARGETS = {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6};

  private final double[] thresholds;
  private final int[] falseAccepts;
  private final int[] trueAccepts;
  private final int genuineCount;
  private final int impostorCount;
  private final double auc;
  private final double eer;
  private final double eerThreshold;

  Roc(
      double[] thresholds,
      int[] falseAccepts,
      int[] trueAccepts,
      int genuineCount,
      int impostorCount) {
    this.thresholds = thresholds;
    this.falseAccepts = falseAccepts;
    this.trueAccepts = trueAccepts;
    this.genuineCount = genuineCount;
    this.impostorCount = impostorCount;
    this.auc = trapezoidAuc();
    double[] e = equalErrorPoint();
    this.eer = e[0];
    this.eerThreshold = e[1];
  }

  public int size() {
    return thresholds.length;
  }

  public double threshold(int i) {
    return thresholds[i];
  }

  /**
   * False accept rate at point i: mismatched pairs with score above the threshold / all mismatched.
   */
  public double far(int i) {
    return (double) falseAccepts[i] / impostorCount;
  }

  /** True accept rate at point i: matched pairs with score above the threshold / all matched. */
  public double tar(int i) {
    return (double) trueAccepts[i] / genuineCount;
  }

  public int genuineCount() {
    return genuineCount;
  }

  public int impostorCount() {
    return impostorCount;
  }

  /**
   * Area under the curve, exactly the Mann-Whitney statistic: the probability that a random matched
   * pair scores above a random mismatched one, ties counted as one half. (The trapezoid rule over
   * the exact points gives precisely this; it is summed in integers.)
   */
  public double auc() {
    return auc;
  }

  /**
   * Equal error rate: where FAR = FRR (= 1 − TAR) on the piecewise-linear curve through the points,
   * interpolated linearly between the two points where FAR − FRR changes sign.
   */
  public double eer() {
    return eer;
  }

  /** Threshold at the EER, interpolated linearly between the two bracketing points' thresholds. */
  public double eerThreshold() {
    return eerThreshold;
  }

  /**
   * TAR at a FAR target, or empty when the data cannot resolve it.
   *
   * <p>Definition: with k = ⌊target · #mismatched⌋ allowed false accepts, the threshold is the
   * smallest t with #{mismatched scores &gt; t} ≤ k (FAR(t) is a right-continuous step function, so
   * this minimum exists and is a mismatched score), and TAR is the fraction of matched scores
   * strictly above it. Empty when k = 0, i.e. target &lt; 1/#mismatched: only FAR = 0 is measurable
   * then, and reporting it as "TAR at that FAR" would overstate what the data shows. A relative
   * slack of 1e-9 in the product absorbs decimal targets such as 0.29 · 100.
   *
   * @param target in (0, 1)
   */
  public Optional<TarAtFar> tarAtFar(double target) {
    if (!(target > 0 && target < 1)) {
      throw new IllegalArgumentException("FAR target must be in (0, 1): " + target);
    }
    long allowed = (long) Math.floor(target * impostorCount * (1 + 1e-9));
    if (allowed < 1) {
      return Optional.empty();
    }
    // falseAccepts is non-increasing and starts at impostorCount > allowed: find its first index ≤
    // allowed.
    int lo = 1;
    int hi = falseAccepts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (falseAccepts[mid] <= allowed) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return Optional.of(new TarAtFar(target, thresholds[lo], far(lo), tar(lo)));
  }

  /**
   * {@link #tarAtFar} for each of {@link #STANDARD_FAR_TARGETS} the data can resolve, largest
   * target first.
   */
  public List<TarAtFar> tarAtStandardFars() {
    List<TarAtFar> out = new ArrayList<>();
    for (double target : STANDARD_FAR_TARGETS) {
      tarAtFar(target).ifPresent(out::add);
    }
    return Collections.unmodifiableList(out);
  }

  private double trapezoidAuc() {
    // Twice the area in count units: sum of (ΔFA) · (TA_i + TA_{i+1}).
    long twiceArea = 0;
    for (int i = 0; i + 1 < falseAccepts.length; i++) {
      long dFa = falseAccepts[i] - falseAccepts[i + 1];
      twiceArea += dFa * ((long) trueAccepts[i] + trueAccepts[i + 1]);
    }
    return twiceArea / (2.0 * genuineCount * (double) impostorCount);
  }

  private double[] equalErrorPoint() {
    // FAR − FRR is +1 at the first point and −1 at the last, and never increases in between.
    double prevGap = 1.0;
    for (int i = 1; i < thresholds.length; i++) {
      double gap = far(i) - (1.0 - tar(i));
      if (gap <= 0) {
        if (gap == 0) {
          return new double[] {far(i), thresholds[i]};
        }
        double w = prevGap / (prevGap - gap);
        double rate = far(i - 1) + w * (far(i) - far(i - 1));
        double t = thresholds[i - 1] + w * (thresholds[i] - thresholds[i - 1]);
        return new double[] {rate, t};
      }
      prevGap = gap;
    }
    throw new IllegalStateException("unreachable: the last ROC point has FAR − FRR = −1");
  }
}
