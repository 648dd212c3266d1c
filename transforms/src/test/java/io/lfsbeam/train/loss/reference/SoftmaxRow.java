package io.lfsbeam.train.loss.reference;

/**
 * The softmax quantities of one row of logits z with true class y, all derived in log space.
 *
 * <p>At s = 32 or 64 the true-class probability p underflows (or 1 − p cancels to 0) long before
 * the loss is meaningless, so p and 1 − p are only ever formed from their logarithms. With d =
 * LSE_{k≠y}(z) − z_y (the log-odds against the true class): log p = z_y − LSE(z) = −softplus(d) and
 * log(1 − p) = LSE_{k≠y}(z) − LSE(z) = −softplus(−d). The softplus form matters at the confident
 * end: there LSE(z) = z_y + log(1 + e^d) rounds to z_y and z_y − LSE(z) would give −log p = 0
 * instead of e^d.
 */
final class SoftmaxRow {
  /** log p, p = softmax probability of the true class. */
  final double logP;

  /** log(1 − p), computed without forming 1 − p. */
  final double logOneMinusP;

  /** softmax probabilities p_k of every class (p_y = p). */
  final double[] prob;

  /** softmax over the non-target classes only, q_k = e^{z_k} / Σ_{j≠y} e^{z_j}; q_y = 0. */
  final double[] probOthers;

  private SoftmaxRow(double logP, double logOneMinusP, double[] prob, double[] probOthers) {
    this.logP = logP;
    this.logOneMinusP = logOneMinusP;
    this.prob = prob;
    this.probOthers = probOthers;
  }

  static SoftmaxRow of(double[] z, int y) {
    int k = z.length;
    double lseAll = logSumExp(z, -1);
    double lseOthers = logSumExp(z, y);
    double d = lseOthers - z[y];
    double[] prob = new double[k];
    double[] others = new double[k];
    for (int j = 0; j < k; j++) {
      prob[j] = Math.exp(z[j] - lseAll);
      others[j] = j == y ? 0.0 : Math.exp(z[j] - lseOthers);
    }
    return new SoftmaxRow(-softplus(d), -softplus(-d), prob, others);
  }

  /** p, the true-class probability (may underflow to 0; use {@link #logP} in formulas). */
  double p() {
    return Math.exp(logP);
  }

  /** 1 − p without cancellation. */
  double oneMinusP() {
    return Math.exp(logOneMinusP);
  }

  /** log(1 + e^u) without overflow for large u or loss of precision for very negative u. */
  static double softplus(double u) {
    return Math.max(u, 0.0) + Math.log1p(Math.exp(-Math.abs(u)));
  }

  /** log Σ_{j≠skip} e^{z_j}, shifted by the maximum; {@code skip = -1} includes every entry. */
  static double logSumExp(double[] z, int skip) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < z.length; j++) {
      if (j != skip && z[j] > max) {
        max = z[j];
      }
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0.0;
    for (int j = 0; j < z.length; j++) {
      if (j != skip) {
        sum += Math.exp(z[j] - max);
      }
    }
    return max + Math.log(sum);
  }
}
