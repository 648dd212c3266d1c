package io.lfsbeam.train.loss.reference;

/**
 * Base for losses where each sample's loss depends only on its own row of cosines, so the gradient
 * of the batch sum is just the stack of per-row gradients.
 */
abstract class RowwiseLoss implements ReferenceLoss {

  /** Loss of one sample: {@code cos} is its K cosines, {@code label} its true class. */
  abstract double rowLoss(double[] cos, int label);

  /** Gradient of {@link #rowLoss} with respect to the K cosines of that row. */
  abstract double[] rowGrad(double[] cos, int label);

  @Override
  public final double[] perSample(double[][] cos, int[] labels) {
    checkBatch(cos, labels);
    double[] out = new double[cos.length];
    for (int i = 0; i < cos.length; i++) {
      out[i] = rowLoss(cos[i], labels[i]);
    }
    return out;
  }

  @Override
  public final double[][] gradSum(double[][] cos, int[] labels) {
    checkBatch(cos, labels);
    double[][] out = new double[cos.length][];
    for (int i = 0; i < cos.length; i++) {
      out[i] = rowGrad(cos[i], labels[i]);
    }
    return out;
  }

  private static void checkBatch(double[][] cos, int[] labels) {
    if (cos.length != labels.length) {
      throw new IllegalArgumentException(
          "cos has " + cos.length + " rows but there are " + labels.length + " labels");
    }
    for (int i = 0; i < cos.length; i++) {
      int k = cos[i].length;
      if (k < 2) {
        // With one class p ≡ 1 and log(1 − p) = −∞: no loss in this family is defined.
        throw new IllegalArgumentException("row " + i + " has " + k + " classes; need at least 2");
      }
      if (k != cos[0].length) {
        throw new IllegalArgumentException(
            "row " + i + " has " + k + " classes, row 0 has " + cos[0].length);
      }
      if (labels[i] < 0 || labels[i] >= k) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of row " + i + " is outside [0, " + k + ")");
      }
    }
  }
}
