package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * log p and log(1 − p) of the true class under the softmax of z = s·cos, in log space.
 *
 * <p>At s = 32 or 64, p itself underflows float32 (p ≈ e^−128 is common early in training) and 1 −
 * p rounds to 0 or 1, so the modulated and AM-LFS losses never form p for their values or
 * gradients. With d = LSE_{k≠y}(z) − z_y ({@link GraphMath#nonTargetMargin}), p = σ(−d): log p =
 * −softplus(d) and log(1 − p) = −softplus(−d), both accurate at either extreme (the direct
 * differences z_y − LSE(z) and LSE_{k≠y}(z) − LSE(z) lose everything below float32's resolution of
 * the larger term).
 */
final class TargetLogProbability<T extends TFloating> {
  final Operand<T> logP;
  final Operand<T> logOneMinusP;

  private TargetLogProbability(Operand<T> logP, Operand<T> logOneMinusP) {
    this.logP = logP;
    this.logOneMinusP = logOneMinusP;
  }

  static <T extends TFloating> TargetLogProbability<T> of(Ops tf, Operand<T> z, Operand<T> oneHot) {
    Operand<T> d = GraphMath.nonTargetMargin(tf, z, oneHot);
    Operand<T> logP = tf.math.neg(tf.math.softplus(d));
    Operand<T> logOneMinusP = tf.math.neg(tf.math.softplus(tf.math.neg(d)));
    return new TargetLogProbability<>(logP, logOneMinusP);
  }

  /** p without a gradient, for choosing a bin. */
  Operand<T> probabilityNoGradient(Ops tf) {
    return tf.stopGradient(tf.math.exp(logP));
  }
}
