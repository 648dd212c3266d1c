package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * The searched loss (Search-/Random-Softmax): L(a) = −log p + log(1 + |a|·(1 − p)), a ≤ 0.
 *
 * <p>Computed as −log p + softplus(log|a| + log(1 − p)) from {@link TargetLogProbability}, never
 * from p, so it stays finite with finite gradients in float32 for |a| up to 1e6 and cosines at ±1.
 * a = 0 gives log|a| = −∞ and softplus(−∞) = 0: NormFace exactly. a = 1 − e^{s·m} is CosFace with
 * margin m ({@code io.lfsbeam.search.policy.CosFaceEquivalence} converts between the two). Only |a|
 * enters (the search space is a ≤ 0).
 *
 * <p>For a search that keeps one graph and feeds a per candidate, use {@link #perSampleWithA(Ops,
 * Operand, Operand, Operand)} with a placeholder.
 */
public final class ModulatedSoftmax implements GraphLoss {
  private final double scale;
  private final double a;

  private ModulatedSoftmax(double scale, double a) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale s must be positive and finite, got " + scale);
    }
    if (!(a <= 0) || Double.isInfinite(a)) {
      throw new IllegalArgumentException("modulating factor a must be finite and <= 0, got " + a);
    }
    this.scale = scale;
    this.a = a;
  }

  /** The loss with a constant modulating factor a ≤ 0. */
  public static ModulatedSoftmax of(double scale, double a) {
    return new ModulatedSoftmax(scale, a);
  }

  public double scale() {
    return scale;
  }

  public double a() {
    return a;
  }

  @Override
  public <T extends TFloating> Operand<T> perSample(
      Ops tf, Operand<T> cos, Operand<TInt32> labels, Operand<TInt64> step) {
    return perSampleWithA(tf, cos, labels, GraphMath.scalar(tf, a, cos.type()));
  }

  /**
   * The loss with a given as an operand (a scalar, or one value per sample {@code [N]}), e.g. a
   * placeholder fed per candidate; the constant a of this instance is ignored.
   */
  public <T extends TFloating> Operand<T> perSampleWithA(
      Ops tf, Operand<T> cos, Operand<TInt32> labels, Operand<T> modulatingFactor) {
    Operand<T> oneHot = GraphMath.oneHot(tf, labels, cos);
    Operand<T> z = tf.math.mul(GraphMath.scalar(tf, scale, cos.type()), cos);
    return modulate(tf, TargetLogProbability.of(tf, z, oneHot), modulatingFactor);
  }

  /** −log p + softplus(log|a| + log(1 − p)); shared with the local (per-bin) variant. */
  static <T extends TFloating> Operand<T> modulate(
      Ops tf, TargetLogProbability<T> lp, Operand<T> modulatingFactor) {
    Operand<T> logAbsA = tf.math.log(tf.math.abs(modulatingFactor));
    Operand<T> penalty = tf.math.softplus(tf.math.add(logAbsA, lp.logOneMinusP));
    return tf.math.sub(penalty, lp.logP);
  }

  @Override
  public String toString() {
    return "Modulated(s=" + scale + ", a=" + a + ")";
  }
}
