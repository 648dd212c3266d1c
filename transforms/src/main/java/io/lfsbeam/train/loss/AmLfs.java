package io.lfsbeam.train.loss;

import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * AM-LFS (Li et al., ICCV 2019): L = −log τ(p), τ(p) = α_i·p + β_i on bin i of M_b equal bins of p
 * ∈ [0, 1], p the softmax probability of the true class under s·cos; the bin is chosen from p
 * without a gradient, as in {@link LocalModulatedSoftmax}. α = 1, β = 0 is NormFace.
 *
 * <p>Where α_i > 0 and β_i ≥ 0 it is computed in log space, log τ = logaddexp(log α_i + log p, log
 * β_i), because p underflows float32 on hard samples and −log(α·0) would lose exactly the samples
 * with the largest gradient (α = 1, β = 0 must stay NormFace). The policy's projected τ can also
 * fall within a bin (α_i ≤ 0, with τ kept ≥ 10⁻⁶ at both bin edges): those bins use log(α_i·p +
 * β_i) directly, which is safe there because τ is bounded away from 0 on the bin. METHOD.md also
 * asks τ ≤ 1, which the sampler enforces.
 */
public final class AmLfs implements GraphLoss {
  private final double scale;
  private final double[] alpha;
  private final double[] beta;

  private AmLfs(double scale, double[] alpha, double[] beta) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale s must be positive and finite, got " + scale);
    }
    if (alpha.length == 0 || alpha.length != beta.length) {
      throw new IllegalArgumentException(
          "need as many α as β, at least one: " + alpha.length + " vs " + beta.length);
    }
    int bins = alpha.length;
    for (int i = 0; i < bins; i++) {
      double lo = alpha[i] * i / bins + beta[i];
      double hi = alpha[i] * (i + 1) / bins + beta[i];
      boolean finite = Double.isFinite(alpha[i]) && Double.isFinite(beta[i]);
      boolean logSpace = alpha[i] > 0 && beta[i] >= 0;
      if (!finite || !(logSpace || (lo > 0 && hi > 0))) {
        throw new IllegalArgumentException(
            "τ must be positive on every bin (α_i > 0 and β_i ≥ 0, or τ > 0 at both"
                + " bin edges): bin "
                + i
                + " of α="
                + Arrays.toString(alpha)
                + " β="
                + Arrays.toString(beta));
      }
    }
    this.scale = scale;
    this.alpha = alpha.clone();
    this.beta = beta.clone();
  }

  /** The loss with constant slopes α and intercepts β (their count is the bin count). */
  public static AmLfs of(double scale, double[] alpha, double[] beta) {
    return new AmLfs(scale, alpha, beta);
  }

  public double scale() {
    return scale;
  }

  @Override
  public <T extends TFloating> Operand<T> perSample(
      Ops tf, Operand<T> cos, Operand<TInt32> labels, Operand<TInt64> step) {
    Class<T> type = cos.type();
    return perSampleWithCoefficients(
        tf, cos, labels, GraphMath.vector(tf, alpha, type), GraphMath.vector(tf, beta, type));
  }

  /**
   * The loss with α and β as operands {@code [M_b]} (e.g. placeholders fed per candidate); the
   * caller guarantees α > 0 and β ≥ 0. This instance's constants are ignored.
   */
  public <T extends TFloating> Operand<T> perSampleWithCoefficients(
      Ops tf, Operand<T> cos, Operand<TInt32> labels, Operand<T> alphas, Operand<T> betas) {
    Class<T> type = cos.type();
    Operand<T> oneHot = GraphMath.oneHot(tf, labels, cos);
    Operand<T> z = tf.math.mul(GraphMath.scalar(tf, scale, type), cos);
    TargetLogProbability<T> lp = TargetLogProbability.of(tf, z, oneHot);
    Operand<TInt32> bin = GraphMath.binIndex(tf, lp.probabilityNoGradient(tf), tf.size(alphas));
    Operand<T> a = tf.gather(alphas, bin, tf.constant(0));
    Operand<T> b = tf.gather(betas, bin, tf.constant(0));
    Operand<T> tiny = GraphMath.scalar(tf, 1e-30, type);
    // both branches stay finite everywhere (select's gradient multiplies the unused one by 0)
    Operand<T> logAlpha = tf.math.log(tf.math.maximum(a, tiny));
    // β = 0 must be log 0 = −∞, not log(1e-30): the floor alone added e^{−69 − log τ} to hard
    // samples'
    // τ (1.9e-7 at −log p ≈ 54, found by ReferenceCrossCheckTest)
    Operand<T> betaIsZero =
        tf.dtypes.cast(tf.math.lessEqual(b, GraphMath.scalar(tf, 0, type)), type);
    Operand<T> logBeta =
        tf.math.add(
            tf.math.log(tf.math.maximum(b, tiny)),
            tf.math.mul(betaIsZero, GraphMath.scalar(tf, GraphMath.MASKED_LOGIT, type)));
    Operand<T> logTauLogSpace = GraphMath.logAddExp(tf, tf.math.add(logAlpha, lp.logP), logBeta);
    Operand<T> logTauLinear =
        tf.math.log(tf.math.maximum(tf.math.add(tf.math.mul(a, tf.math.exp(lp.logP)), b), tiny));
    Operand<TBool> logSpace =
        tf.math.logicalAnd(
            tf.math.greater(a, GraphMath.scalar(tf, 0, type)),
            tf.math.greaterEqual(b, GraphMath.scalar(tf, 0, type)));
    return tf.math.neg(tf.select(logSpace, logTauLogSpace, logTauLinear));
  }

  @Override
  public String toString() {
    return "AM-LFS(s="
        + scale
        + ", α="
        + Arrays.toString(alpha)
        + ", β="
        + Arrays.toString(beta)
        + ")";
  }
}
