package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * Combined margin (insightface): f(θ) = cos(m1·θ + m3) − m2, and cos θ − m3·sin m3 − m2 where m1·θ
 * + m3 > π. With m1 = 1 and m2 = 0 this is exactly {@link ArcFace}; with m1 = 1, m3 = 0 it is
 * {@link CosFace}. The fallback is ArcFace's (same reason: keep f decreasing past π).
 */
public final class CombinedMargin extends MarginSoftmax {
  private final double m1;
  private final double m2;
  private final double m3;

  public CombinedMargin(double scale, double m1, double m2, double m3) {
    super(scale);
    this.m1 = m1;
    this.m2 = m2;
    this.m3 = m3;
  }

  @Override
  public <T extends TFloating> Operand<T> targetLogit(
      Ops tf, Operand<T> cosY, Operand<TInt64> step) {
    Class<T> type = cosY.type();
    Operand<T> angle =
        tf.math.add(
            tf.math.mul(GraphMath.scalar(tf, m1, type), GraphMath.theta(tf, cosY)),
            GraphMath.scalar(tf, m3, type));
    return tf.math.sub(
        GraphMath.angularMargin(tf, cosY, angle, m3), GraphMath.scalar(tf, m2, type));
  }

  @Override
  public String toString() {
    return "CombinedMargin(s=" + scale() + ", m1=" + m1 + ", m2=" + m2 + ", m3=" + m3 + ")";
  }
}
