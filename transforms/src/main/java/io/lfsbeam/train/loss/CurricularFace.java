package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * CurricularFace (Huang et al., CVPR 2020), as the official code computes it:
 * HuangYG123/CurricularFace, {@code head/metrics.py} (class {@code CurricularFace}, forward), per
 * BASELINES.md.
 *
 * <ul>
 *   <li>target: ArcFace's cos(θ_y + m), and c_y − m·sin(π − m) where c_y ≤ cos(π − m);
 *   <li>hard negatives, c_j > cos(θ_y + m) (the un-fallen-back target, a B×K mask), become c_j·(t +
 *       c_j); the other negatives stay c_j;
 *   <li>the running t (starts at 0) is updated once per step, before it is used and without
 *       gradient: t ← α·mean_batch(c_y) + (1 − α)·t with α = 0.01 (the paper's text reads as α =
 *       0.99 on the batch; the code weights the batch by 0.01, a time constant of ~100 steps);
 *   <li>loss: the mean softmax cross-entropy of s·(those logits).
 * </ul>
 *
 * Defaults (the official ones): m = 0.5, s = 64, α = 0.01. In a run of a few hundred steps t moves
 * little, so CurricularFace is close to ArcFace with squared hard negatives: the report shows the
 * step count and t for that reason.
 */
public final class CurricularFace implements GraphLoss {
  /** The state scalar t. */
  static final String T = "curricularface/t";

  private final double scale;
  private final double margin;
  private final double alpha;

  public CurricularFace(double scale, double margin, double alpha) {
    if (!(scale > 0) || Double.isInfinite(scale) || !(margin >= 0 && margin < Math.PI)) {
      throw new IllegalArgumentException(
          "CurricularFace needs s > 0 and 0 <= m < pi: s " + scale + ", m " + margin);
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("CurricularFace's alpha must be in (0, 1], not " + alpha);
    }
    this.scale = scale;
    this.margin = margin;
    this.alpha = alpha;
  }

  @Override
  public <T extends TFloating> Operand<T> perSample(LossInputs<T> in) {
    Ops tf = in.tf();
    Operand<T> cos = in.cos();
    Class<T> type = cos.type();
    LossState state = in.requireState("CurricularFace");
    Operand<T> oneHot = GraphMath.oneHot(tf, in.labels(), cos);
    Operand<T> cosY = GraphMath.target(tf, cos, oneHot);

    Operand<T> batchMean = GraphMath.mean(tf, tf.stopGradient(cosY));
    Operand<T> t =
        tf.math.add(
            tf.math.mul(GraphMath.scalar(tf, alpha, type), batchMean),
            tf.math.mul(GraphMath.scalar(tf, 1 - alpha, type), state.read(T, 0.0, type)));
    state.write(T, t);

    Operand<T> shifted = tf.math.add(GraphMath.theta(tf, cosY), GraphMath.scalar(tf, margin, type));
    Operand<T> cosThetaM = tf.math.cos(shifted);
    Operand<T> target = GraphMath.angularMargin(tf, cosY, shifted, margin);
    // the mask compares with cos(θ_y + m) itself, not the fallback, as the official code does
    Operand<TBool> hard =
        tf.math.greater(cos, tf.expandDims(tf.stopGradient(cosThetaM), tf.constant(1)));
    Operand<T> negatives = tf.select(hard, tf.math.mul(cos, tf.math.add(t, cos)), cos);
    Operand<T> logits =
        tf.math.mul(
            GraphMath.scalar(tf, scale, type),
            GraphMath.replaceTarget(tf, negatives, oneHot, target));
    return GraphMath.crossEntropy(tf, logits, oneHot);
  }

  @Override
  public String toString() {
    return "CurricularFace(s=" + scale + ", m=" + margin + ", alpha=" + alpha + ")";
  }
}
