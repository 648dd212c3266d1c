package io.lfsbeam.train.loss.reference;

/**
 * The "local" searched loss (METHOD.md §2): p ∈ [0, 1] split into equal bins (10 in the paper's
 * code), with one modulating factor a_j ≤ 0 per bin; each sample uses the a_j of the bin its own p
 * falls in, then L = {@link ModulatedSoftmaxLoss} with that a.
 *
 * <p>The factors are used as given: any scaling such as a_j·e^{s/2} belongs to whoever samples
 * them. The bin is chosen from p without a gradient ({@link ProbabilityBins}), so the gradient is
 * that of the modulated loss with a fixed at a_j.
 */
public final class LocalModulatedSoftmaxLoss extends RowwiseLoss {
  private final double s;
  private final double[] aBins;

  public LocalModulatedSoftmaxLoss(double s, double[] aBins) {
    if (!(s > 0) || Double.isInfinite(s)) {
      throw new IllegalArgumentException("scale s must be positive and finite, got " + s);
    }
    if (aBins.length < 1) {
      throw new IllegalArgumentException("need at least one bin");
    }
    for (double a : aBins) {
      ModulatedSoftmaxLoss.checkFactor(a);
    }
    this.s = s;
    this.aBins = aBins.clone();
  }

  public double scale() {
    return s;
  }

  public double[] factors() {
    return aBins.clone();
  }

  /** The factor a sample with true-class probability p gets. */
  public double factorFor(double p) {
    return aBins[ProbabilityBins.binOf(p, aBins.length)];
  }

  @Override
  double rowLoss(double[] cos, int label) {
    SoftmaxRow row = SoftmaxRow.of(ModulatedSoftmaxLoss.logits(s, cos), label);
    return ModulatedSoftmaxLoss.loss(row, factorFor(row.p()));
  }

  @Override
  double[] rowGrad(double[] cos, int label) {
    SoftmaxRow row = SoftmaxRow.of(ModulatedSoftmaxLoss.logits(s, cos), label);
    double[] g = ModulatedSoftmaxLoss.gradLogits(row, label, factorFor(row.p()));
    for (int k = 0; k < g.length; k++) {
      g[k] *= s;
    }
    return g;
  }
}
