package io.lfsbeam.train.loss.reference;

/**
 * Plain softmax cross-entropy on raw, unnormalised logits (a linear classifier, no scale s): the
 * weakest baseline of METHOD.md §1. The "cos" argument of {@link ReferenceLoss} holds the logits
 * here, and the gradient is with respect to them: dL/dz_k = p_k − δ_ky.
 */
public final class PlainSoftmaxLoss extends RowwiseLoss {

  @Override
  double rowLoss(double[] logits, int label) {
    return -SoftmaxRow.of(logits, label).logP;
  }

  @Override
  double[] rowGrad(double[] logits, int label) {
    SoftmaxRow row = SoftmaxRow.of(logits, label);
    double[] g = row.prob.clone();
    g[label] = -row.oneMinusP();
    return g;
  }
}
