package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * The unified margin softmax of METHOD.md section 1: −log p_m, where the target logit s·cos θ_y is
 * replaced by s·f(θ_y) and every other logit stays s·cos θ_k. Subclasses supply only f.
 */
public abstract class MarginSoftmax implements GraphLoss {
  private final double scale;

  protected MarginSoftmax(double scale) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale s must be positive and finite, got " + scale);
    }
    this.scale = scale;
  }

  /** The scale s applied to all cosines. */
  public final double scale() {
    return scale;
  }

  /**
   * The margin function f applied to the target cosines {@code cosY [N]} (in cosine units, before
   * the scale). {@code step} is the training step (SphereFace anneals with it).
   */
  public abstract <T extends TFloating> Operand<T> targetLogit(
      Ops tf, Operand<T> cosY, Operand<TInt64> step);

  @Override
  public final <T extends TFloating> Operand<T> perSample(
      Ops tf, Operand<T> cos, Operand<TInt32> labels, Operand<TInt64> step) {
    Operand<T> oneHot = GraphMath.oneHot(tf, labels, cos);
    Operand<T> cosY = GraphMath.target(tf, cos, oneHot);
    Operand<T> marginCos = GraphMath.replaceTarget(tf, cos, oneHot, targetLogit(tf, cosY, step));
    Operand<T> z = tf.math.mul(GraphMath.scalar(tf, scale, cos.type()), marginCos);
    return GraphMath.crossEntropy(tf, z, oneHot);
  }
}
