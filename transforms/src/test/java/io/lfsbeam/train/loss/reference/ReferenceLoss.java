package io.lfsbeam.train.loss.reference;

/**
 * A loss over a batch of class cosines, evaluated in plain double precision.
 *
 * <p>Test scope only: an independent second implementation of each formula of METHOD.md §1 and §3
 * that the TensorFlow graph losses of {@code io.lfsbeam.train.loss} (the ones that train) are
 * checked against, values and gradients, on random cosines ({@code ReferenceCrossCheckTest}); both
 * are also checked against the PyTorch vectors of {@code testvectors/losses.json}. They favour
 * numerical care (log-sum-exp, log1p, expm1) and analytic gradients over speed.
 */
public interface ReferenceLoss {

  /**
   * Per-sample losses.
   *
   * @param cos N×K cosines cos θ_k between each feature and each class weight (or raw logits for
   *     {@link PlainSoftmaxLoss})
   * @param labels N true classes, each in [0, K)
   * @return N losses
   */
  double[] perSample(double[][] cos, int[] labels);

  /** Gradient of the SUM of the per-sample losses with respect to {@code cos}, N×K. */
  double[][] gradSum(double[][] cos, int[] labels);
}
