package io.lfsbeam.search.policy;

import java.util.Arrays;

/**
 * AM-LFS's transform of the softmax probability: τ(p) = α_i·p + β_i on the i-th of M_b equal bins
 * of p ∈ [0, 1]; the loss is −log τ(p) (METHOD §3). The identity (α = 1, β = 0) is plain softmax.
 *
 * <p>Instances are always valid: τ > 0 (so the log exists) and τ ≤ 1 (so the loss is ≥ 0) on every
 * bin, whatever the draw (AM-LFS samples slopes and intercepts with their own spreads, see {@link
 * AmLfsPolicy}; this clip is what keeps every draw usable). A line's extremes on an interval are at
 * its ends, so checking the two endpoints of each bin is enough, and {@link #project} enforces it
 * by clipping the endpoint values.
 */
public final class TauFunction {
  private final double[] alpha;
  private final double[] beta;

  private TauFunction(double[] alpha, double[] beta) {
    this.alpha = alpha;
    this.beta = beta;
  }

  /**
   * The valid τ nearest in endpoint values to the raw line parameters: on each bin [l, u] the
   * values τ(l) = α·l + β and τ(u) = α·u + β are clipped into [minTau, 1] and the line is redrawn
   * through them. Parameters already valid are returned unchanged up to rounding.
   *
   * <p>Why clip rather than resample: REINFORCE's gradient −R̂(x − μ)/σ² assumes x was drawn from
   * the untruncated Gaussian. Clipping is a deterministic function applied after the draw, so the
   * gradient stays exact (the clip is part of the "environment"); rejection sampling would truncate
   * the distribution and make that gradient biased.
   *
   * @param minTau the floor for τ, {@code > 0} and {@code < 1}
   */
  public static TauFunction project(double[] rawAlpha, double[] rawBeta, double minTau) {
    int bins = rawAlpha.length;
    if (bins == 0 || rawBeta.length != bins) {
      throw new IllegalArgumentException(
          "need as many alphas as betas (>= 1): " + bins + ", " + rawBeta.length);
    }
    if (!(minTau > 0 && minTau < 1)) {
      throw new IllegalArgumentException("minTau must be in (0, 1), was " + minTau);
    }
    double[] alpha = new double[bins];
    double[] beta = new double[bins];
    double width = 1.0 / bins;
    for (int i = 0; i < bins; i++) {
      double lower = i * width;
      double upper = (i + 1) * width;
      double atLower = clip(rawAlpha[i] * lower + rawBeta[i], minTau);
      double atUpper = clip(rawAlpha[i] * upper + rawBeta[i], minTau);
      alpha[i] = (atUpper - atLower) / width;
      beta[i] = atLower - alpha[i] * lower;
    }
    return new TauFunction(alpha, beta);
  }

  private static double clip(double value, double minTau) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("tau parameter is NaN");
    }
    return Math.min(1.0, Math.max(minTau, value));
  }

  public int bins() {
    return alpha.length;
  }

  public double[] alpha() {
    return alpha.clone();
  }

  public double[] beta() {
    return beta.clone();
  }

  /** The bin of p: ⌊p·M_b⌋, with p = 1 in the last bin. */
  public int binOf(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("p must be in [0, 1], was " + p);
    }
    return Math.min(alpha.length - 1, (int) Math.floor(p * alpha.length));
  }

  /** τ(p) = α_i·p + β_i with i the bin of p. */
  public double value(double p) {
    int i = binOf(p);
    return alpha[i] * p + beta[i];
  }

  @Override
  public String toString() {
    return "TauFunction{alpha=" + Arrays.toString(alpha) + ", beta=" + Arrays.toString(beta) + "}";
  }
}
