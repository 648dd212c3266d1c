package io.lfsbeam.train.loss.reference;

/**
 * AM-LFS (Li et al., ICCV 2019; METHOD.md §3): L = −log τ(p) with τ piecewise linear on M_b equal
 * bins of p ∈ [0, 1], τ(p) = α_i·p + β_i on bin i; p is the normalised-softmax probability with
 * logits s·cos θ. The identity α = 1, β = 0 gives NormFace.
 *
 * <p>The bin is chosen from p without a gradient ({@link ProbabilityBins}). When β_i = 0 the loss
 * is −log α_i − log p, evaluated from log p so that it does not underflow. The parameters must keep
 * τ positive where it is evaluated (the sampler's job); otherwise the loss is +∞ or NaN, as the
 * logarithm dictates.
 */
public final class AmLfsLoss extends RowwiseLoss {
  private final double s;
  private final double[] alpha;
  private final double[] beta;

  public AmLfsLoss(double s, double[] alpha, double[] beta) {
    if (!(s > 0) || Double.isInfinite(s)) {
      throw new IllegalArgumentException("scale s must be positive and finite, got " + s);
    }
    if (alpha.length < 1 || alpha.length != beta.length) {
      throw new IllegalArgumentException(
          "need as many alpha as beta, at least one; got " + alpha.length + " and " + beta.length);
    }
    for (int i = 0; i < alpha.length; i++) {
      if (!Double.isFinite(alpha[i]) || !Double.isFinite(beta[i])) {
        throw new IllegalArgumentException("alpha/beta of bin " + i + " must be finite");
      }
    }
    this.s = s;
    this.alpha = alpha.clone();
    this.beta = beta.clone();
  }

  public double scale() {
    return s;
  }

  public int bins() {
    return alpha.length;
  }

  /** τ(p) = α_i·p + β_i on the bin i of p. */
  public double tau(double p) {
    int i = ProbabilityBins.binOf(p, alpha.length);
    return alpha[i] * p + beta[i];
  }

  @Override
  double rowLoss(double[] cos, int label) {
    SoftmaxRow row = SoftmaxRow.of(ModulatedSoftmaxLoss.logits(s, cos), label);
    double p = row.p();
    int i = ProbabilityBins.binOf(p, alpha.length);
    if (beta[i] == 0.0) {
      return -Math.log(alpha[i]) - row.logP;
    }
    return -Math.log(alpha[i] * p + beta[i]);
  }

  /**
   * dL/dz_k = −(α p / τ)·(δ_ky − p_k), from dp/dz_k = p·(δ_ky − p_k); the ratio α p / τ is 1 when β
   * = 0, so then the gradient is NormFace's.
   */
  @Override
  double[] rowGrad(double[] cos, int label) {
    SoftmaxRow row = SoftmaxRow.of(ModulatedSoftmaxLoss.logits(s, cos), label);
    double p = row.p();
    int i = ProbabilityBins.binOf(p, alpha.length);
    double ratio = beta[i] == 0.0 ? 1.0 : alpha[i] * p / (alpha[i] * p + beta[i]);
    double[] g = new double[cos.length];
    for (int k = 0; k < g.length; k++) {
      g[k] = s * ratio * row.prob[k];
    }
    g[label] = -s * ratio * row.oneMinusP();
    return g;
  }
}
