package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Graph building blocks shared by the losses, restricted to ops whose gradients exist in this
 * TensorFlow build (no ClipByValue, no FloorMod, no SparseSoftmaxCrossEntropyWithLogits).
 *
 * <p>Note the C++ gradient builder asks every op between the input and the loss for a gradient,
 * even behind a {@code StopGradient}: an op without one (e.g. FloorMod) fails the whole {@code
 * addGradients} call, so only differentiable ops appear here, including on index paths.
 */
final class GraphMath {

  /**
   * Cosines are clipped to [−1 + ε, 1 − ε] before {@code acos}, whose derivative −1/√(1 − x²) is
   * infinite at ±1. With ε = 1e-7 the float32 bound is 1 − 1.19e-7 (θ ≥ 4.9e-4 rad) and the
   * derivative stays below ~2100; clipped entries get a zero gradient through θ. Cosines of real
   * embeddings this close to ±1 carry no information beyond float32 rounding anyway.
   */
  static final double THETA_EPS = 1e-7;

  /** Logit given to the masked target class when computing LSE over k ≠ y; exp of it is 0. */
  static final double MASKED_LOGIT = -1e30;

  private GraphMath() {}

  /** A scalar constant of the given float type (created as float64, then cast). */
  static <T extends TFloating> Operand<T> scalar(Ops tf, double value, Class<T> type) {
    return tf.dtypes.cast(tf.constant(value), type);
  }

  /** A vector constant of the given float type. */
  static <T extends TFloating> Operand<T> vector(Ops tf, double[] values, Class<T> type) {
    return tf.dtypes.cast(tf.constant(values), type);
  }

  /** One-hot {@code [N,K]} of the labels, K read from the runtime shape of {@code like}. */
  static <T extends TFloating> Operand<T> oneHot(Ops tf, Operand<TInt32> labels, Operand<T> like) {
    Operand<TInt32> depth = tf.gather(tf.shape(like), tf.constant(1), tf.constant(0));
    Class<T> type = like.type();
    return tf.oneHot(labels, depth, scalar(tf, 1.0, type), scalar(tf, 0.0, type));
  }

  /** Sum over the class axis: {@code [N,K] -> [N]}. */
  static <T extends TFloating> Operand<T> rowSum(Ops tf, Operand<T> x) {
    return tf.reduceSum(x, tf.constant(1));
  }

  /** The target entry of each row, {@code x[n, y_n]}, exactly (the other terms are 0·x). */
  static <T extends TFloating> Operand<T> target(Ops tf, Operand<T> x, Operand<T> oneHot) {
    return rowSum(tf, tf.math.mul(x, oneHot));
  }

  /** {@code x} with each row's target entry replaced by {@code newTarget[n]}, exactly. */
  static <T extends TFloating> Operand<T> replaceTarget(
      Ops tf, Operand<T> x, Operand<T> oneHot, Operand<T> newTarget) {
    Operand<T> others = tf.math.mul(x, tf.math.sub(scalar(tf, 1.0, x.type()), oneHot));
    return tf.math.add(others, tf.math.mul(oneHot, tf.expandDims(newTarget, tf.constant(1))));
  }

  /** Row-wise log Σ exp, shifted by the (gradient-free) row maximum so nothing overflows. */
  static <T extends TFloating> Operand<T> logSumExp(Ops tf, Operand<T> z) {
    Operand<T> max = tf.stopGradient(tf.reduceMax(z, tf.constant(1), ReduceMax.keepDims(true)));
    Operand<T> sum = rowSum(tf, tf.math.exp(tf.math.sub(z, max)));
    return tf.math.add(tf.squeeze(max, Squeeze.axis(1L)), tf.math.log(sum));
  }

  /**
   * LSE over the non-target logits minus the target logit, d = LSE_{k≠y}(z) − z_y, so that p =
   * σ(−d). The target is masked with {@link #MASKED_LOGIT}: its softmax weight, hence its gradient
   * through this LSE, is exactly 0.
   */
  static <T extends TFloating> Operand<T> nonTargetMargin(Ops tf, Operand<T> z, Operand<T> oneHot) {
    Operand<T> masked = tf.math.add(z, tf.math.mul(oneHot, scalar(tf, MASKED_LOGIT, z.type())));
    return tf.math.sub(logSumExp(tf, masked), target(tf, z, oneHot));
  }

  /**
   * Softmax cross-entropy per row from logits, −log p = softplus(d) with d from {@link
   * #nonTargetMargin}. Mathematically LSE(z) − z_y, but that form computes ∂/∂z_y = p − 1 as a
   * difference near 1 and returns exactly 0 in float32 once 1 − p < 6e-8 (easy samples at s = 30
   * already get there); softplus(d) keeps both the value and σ(d) = 1 − p accurate.
   */
  static <T extends TFloating> Operand<T> crossEntropy(Ops tf, Operand<T> z, Operand<T> oneHot) {
    return tf.math.softplus(nonTargetMargin(tf, z, oneHot));
  }

  /** θ = acos(cos) with the input clipped by Maximum/Minimum (ClipByValue has no gradient). */
  static <T extends TFloating> Operand<T> theta(Ops tf, Operand<T> cos) {
    Class<T> type = cos.type();
    Operand<T> clipped =
        tf.math.minimum(
            tf.math.maximum(cos, scalar(tf, -1.0 + THETA_EPS, type)),
            scalar(tf, 1.0 - THETA_EPS, type));
    return tf.math.acos(clipped);
  }

  /**
   * x clipped to [lo, hi] by Maximum/Minimum (ClipByValue has no gradient): 1 inside, 0 outside.
   */
  static <T extends TFloating> Operand<T> clip(Ops tf, Operand<T> x, double lo, double hi) {
    Class<T> type = x.type();
    return tf.math.minimum(tf.math.maximum(x, scalar(tf, lo, type)), scalar(tf, hi, type));
  }

  /** The mean of a vector as a scalar. */
  static <T extends TFloating> Operand<T> mean(Ops tf, Operand<T> x) {
    return tf.math.mean(x, tf.constant(0));
  }

  /** The number of entries of a vector {@code [N]} as a float scalar of its type. */
  static <T extends TFloating> Operand<T> count(Ops tf, Operand<T> x) {
    return tf.dtypes.cast(tf.size(x), x.type());
  }

  /** log(e^u + e^v), stable for u or v very negative (a finite stand-in for −∞ is fine). */
  static <T extends TFloating> Operand<T> logAddExp(Ops tf, Operand<T> u, Operand<T> v) {
    Operand<T> max = tf.stopGradient(tf.math.maximum(u, v));
    Operand<T> sum =
        tf.math.add(tf.math.exp(tf.math.sub(u, max)), tf.math.exp(tf.math.sub(v, max)));
    return tf.math.add(max, tf.math.log(sum));
  }

  /**
   * Bin index {@code min(floor(p·B), B − 1)} of a probability over B equal bins of [0, 1] (the last
   * bin includes p = 1), with no gradient: the index selects parameters, it is not differentiated.
   */
  static <T extends TFloating> Operand<TInt32> binIndex(
      Ops tf, Operand<T> p, Operand<TInt32> bins) {
    Class<T> type = p.type();
    Operand<T> b = tf.dtypes.cast(bins, type);
    Operand<T> raw = tf.math.floor(tf.math.mul(tf.stopGradient(p), b));
    Operand<T> clamped = tf.math.minimum(raw, tf.math.sub(b, scalar(tf, 1.0, type)));
    return tf.dtypes.cast(clamped, TInt32.class);
  }

  /**
   * cos(angle) where angle = (m1·)θ + m3 ≤ π, else cos θ − m3·sin m3: the additive angular margin
   * of ArcFace and of the combined margin. Past π, cos(angle) would grow with θ again, so a worse
   * sample would get a larger target logit and training collapses; the linear stand-in keeps the
   * target logit decreasing (METHOD.md §1).
   */
  static <T extends TFloating> Operand<T> angularMargin(
      Ops tf, Operand<T> cosY, Operand<T> angle, double m3) {
    Class<T> type = cosY.type();
    Operand<T> arc = tf.math.cos(angle);
    Operand<T> linear = tf.math.sub(cosY, scalar(tf, m3 * Math.sin(m3), type));
    Operand<TBool> inRange = tf.math.lessEqual(angle, scalar(tf, Math.PI, type));
    return tf.select(inRange, arc, linear);
  }
}
