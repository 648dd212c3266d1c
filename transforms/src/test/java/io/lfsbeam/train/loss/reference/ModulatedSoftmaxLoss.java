package io.lfsbeam.train.loss.reference;

/**
 * The searched loss of Search-Softmax (METHOD.md §1): one modulating factor a ≤ 0 and L(a) = −log
 * p_m = −log p + log(1 + |a|·(1 − p)), p the normalised-softmax probability of the true class with
 * logits z = s·cos θ.
 *
 * <p>Everything is computed in log space: log p = z_y − LSE(z), log(1 − p) = LSE_{k≠y}(z) − LSE(z)
 * (both via softplus, see {@link SoftmaxRow}) and L = −log p + softplus(log|a| + log(1 − p)).
 * Forming p first would underflow at s = 32, round 1 − p to 0 for confident samples and turn |a|·(1
 * − p) into 0·∞ for large |a|; this form stays finite with finite gradients for |a| up to 1e6 and
 * beyond, and a = 0 is exactly {@link NormalizedSoftmaxLoss}.
 *
 * <p>a > 0 is rejected: −log p + log(1 + |a|(1 − p)) is −log p_m only for a ≤ 0, and a positive a
 * (which would raise p_m above p) is outside the search space.
 */
public final class ModulatedSoftmaxLoss extends RowwiseLoss {
  private final double s;
  private final double a;

  public ModulatedSoftmaxLoss(double s, double a) {
    if (!(s > 0) || Double.isInfinite(s)) {
      throw new IllegalArgumentException("scale s must be positive and finite, got " + s);
    }
    checkFactor(a);
    this.s = s;
    this.a = a;
  }

  public double scale() {
    return s;
  }

  public double factor() {
    return a;
  }

  static void checkFactor(double a) {
    if (!(a <= 0) || Double.isInfinite(a)) {
      throw new IllegalArgumentException("modulating factor a must be finite and <= 0, got " + a);
    }
  }

  @Override
  double rowLoss(double[] cos, int label) {
    return loss(SoftmaxRow.of(logits(s, cos), label), a);
  }

  @Override
  double[] rowGrad(double[] cos, int label) {
    double[] g = gradLogits(SoftmaxRow.of(logits(s, cos), label), label, a);
    for (int k = 0; k < g.length; k++) {
      g[k] *= s;
    }
    return g;
  }

  static double[] logits(double s, double[] cos) {
    double[] z = new double[cos.length];
    for (int k = 0; k < cos.length; k++) {
      z[k] = s * cos[k];
    }
    return z;
  }

  /** L(a) from the log-space softmax parts of one row. */
  static double loss(SoftmaxRow row, double a) {
    if (a == 0.0) {
      return -row.logP;
    }
    return -row.logP + SoftmaxRow.softplus(Math.log(-a) + row.logOneMinusP);
  }

  /**
   * dL/dz for one row. With u = log|a| + log(1 − p): d log p/dz_k = δ_ky − p_k and d log(1 −
   * p)/dz_k = q_k − p_k (q the softmax over k ≠ y, q_y = 0), so dL/dz_y = −(1 − p) − σ(u)·p and
   * dL/dz_k = p_k + σ(u)·(q_k − p_k) for k ≠ y. Every term is a probability times σ(u) ∈ [0, 1],
   * hence bounded whatever |a| is.
   */
  static double[] gradLogits(SoftmaxRow row, int label, double a) {
    double w = a == 0.0 ? 0.0 : sigmoid(Math.log(-a) + row.logOneMinusP);
    double[] g = new double[row.prob.length];
    for (int k = 0; k < g.length; k++) {
      g[k] = row.prob[k] + w * (row.probOthers[k] - row.prob[k]);
    }
    g[label] = -row.oneMinusP() - w * row.prob[label];
    return g;
  }

  /** 1 / (1 + e^{−u}) without overflow on either side. */
  static double sigmoid(double u) {
    if (u >= 0) {
      return 1.0 / (1.0 + Math.exp(-u));
    }
    double e = Math.exp(u);
    return e / (1.0 + e);
  }
}
