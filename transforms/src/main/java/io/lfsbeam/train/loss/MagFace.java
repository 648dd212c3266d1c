package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * MagFace (Meng et al., CVPR 2021), as the official code computes it: IrvingMeng/MagFace, {@code
 * models/magface.py} ({@code MagLinear}, {@code MagLoss}) and {@code run/trainer.py} (the λ_g
 * weighting), per BASELINES.md.
 *
 * <ul>
 *   <li>a = clamp(‖x‖, l_a, u_a) on the norm before normalisation, <b>with</b> its gradient: the
 *       margin and the regulariser pull the embedding's norm, and outside [l_a, u_a] the clamp
 *       stops every gradient to it;
 *   <li>margin m(a) = l_m + (u_m − l_m)·(a − l_a)/(u_a − l_a);
 *   <li>target cos(θ_y + m(a)) where c_y > 0, else c_y (the code's default "easy margin"); without
 *       it, cos(θ_y + m(a)) where c_y > cos(π − m(a)), else c_y − m(a)·sin(π − m(a));
 *   <li>loss per sample: cross-entropy of s·(those logits) + λ_g·g(a), g(a) = a/u_a² + 1/a, whose
 *       batch mean is the official loss_id + λ_g·loss_g.
 * </ul>
 *
 * Defaults (the authors' scripts): l_a = 10, u_a = 110, l_m = 0.45, u_m = 0.8, s = 64, λ_g = 35
 * (the argparse default 20 is below the code's own minimum of 22.59 for these bounds). The bounds
 * assume an iResNet-style embedding head; the report shows where our backbones put the norms.
 */
public final class MagFace implements GraphLoss {

  private final double scale;
  private final double lowerNorm;
  private final double upperNorm;
  private final double lowerMargin;
  private final double upperMargin;
  private final double lambda;
  private final boolean easyMargin;

  public MagFace(
      double scale,
      double lowerNorm,
      double upperNorm,
      double lowerMargin,
      double upperMargin,
      double lambda,
      boolean easyMargin) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("MagFace's s must be positive and finite, not " + scale);
    }
    if (!(lowerNorm > 0 && upperNorm > lowerNorm) || Double.isInfinite(upperNorm)) {
      throw new IllegalArgumentException(
          "MagFace needs 0 < l_a < u_a: l_a " + lowerNorm + ", u_a " + upperNorm);
    }
    if (!Double.isFinite(lowerMargin) || !Double.isFinite(upperMargin) || !(lambda >= 0)) {
      throw new IllegalArgumentException(
          "MagFace needs finite margins and lambda_g >= 0: "
              + lowerMargin
              + ", "
              + upperMargin
              + ", "
              + lambda);
    }
    this.scale = scale;
    this.lowerNorm = lowerNorm;
    this.upperNorm = upperNorm;
    this.lowerMargin = lowerMargin;
    this.upperMargin = upperMargin;
    this.lambda = lambda;
    this.easyMargin = easyMargin;
  }

  /**
   * The smallest λ_g for which the official code's argument (g convex enough that the optimal norm
   * is unique) holds: λ_g ≥ s·u_a²·l_a²/(u_a² − l_a²)·(u_m − l_m)/(u_a − l_a), 22.59 for the
   * defaults ({@code models/magface.py} states this bound beside the loss).
   */
  public static double minimumLambda(
      double scale, double lowerNorm, double upperNorm, double lowerMargin, double upperMargin) {
    double ua2 = upperNorm * upperNorm;
    double la2 = lowerNorm * lowerNorm;
    return scale * ua2 * la2 / (ua2 - la2) * (upperMargin - lowerMargin) / (upperNorm - lowerNorm);
  }

  @Override
  public <T extends TFloating> Operand<T> perSample(LossInputs<T> in) {
    Ops tf = in.tf();
    Operand<T> cos = in.cos();
    Class<T> type = cos.type();
    Operand<T> a = GraphMath.clip(tf, in.requireNorms("MagFace"), lowerNorm, upperNorm);
    Operand<T> margin =
        tf.math.add(
            GraphMath.scalar(tf, lowerMargin, type),
            tf.math.mul(
                GraphMath.scalar(tf, (upperMargin - lowerMargin) / (upperNorm - lowerNorm), type),
                tf.math.sub(a, GraphMath.scalar(tf, lowerNorm, type))));
    Operand<T> oneHot = GraphMath.oneHot(tf, in.labels(), cos);
    Operand<T> cosY = GraphMath.target(tf, cos, oneHot);
    Operand<T> arc = tf.math.cos(tf.math.add(GraphMath.theta(tf, cosY), margin));
    Operand<T> target;
    if (easyMargin) {
      Operand<TBool> positive = tf.math.greater(cosY, GraphMath.scalar(tf, 0.0, type));
      target = tf.select(positive, arc, cosY);
    } else {
      Operand<T> piMinus = tf.math.sub(GraphMath.scalar(tf, Math.PI, type), margin);
      Operand<TBool> inRange = tf.math.greater(cosY, tf.math.cos(piMinus));
      target =
          tf.select(inRange, arc, tf.math.sub(cosY, tf.math.mul(tf.math.sin(piMinus), margin)));
    }
    Operand<T> logits =
        tf.math.mul(
            GraphMath.scalar(tf, scale, type), GraphMath.replaceTarget(tf, cos, oneHot, target));
    Operand<T> g =
        tf.math.add(
            tf.math.div(a, GraphMath.scalar(tf, upperNorm * upperNorm, type)),
            tf.math.reciprocal(a));
    return tf.math.add(
        GraphMath.crossEntropy(tf, logits, oneHot),
        tf.math.mul(GraphMath.scalar(tf, lambda, type), g));
  }

  @Override
  public String toString() {
    return "MagFace(s="
        + scale
        + ", l_a="
        + lowerNorm
        + ", u_a="
        + upperNorm
        + ", l_m="
        + lowerMargin
        + ", u_m="
        + upperMargin
        + ", lambda_g="
        + lambda
        + ", easyMargin="
        + easyMargin
        + ")";
  }
}
