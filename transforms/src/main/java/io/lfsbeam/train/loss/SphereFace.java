package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * A-Softmax / SphereFace with the annealed target (λ·cos θ + ψ(θ)) / (1 + λ), scaled by s.
 *
 * <p>ψ(θ) = (−1)^k·cos(m1·θ) − 2k with k = floor(m1·θ/π) is the monotone surrogate of cos(m1·θ). λ
 * = max(λ_min, base·(1 + γ·step)^−power) is computed in the graph from the step operand, so one
 * graph serves the whole run: early on λ is large (almost NormFace), later the margin takes over.
 * (−1)^k is formed as 1 − 2·(k − 2·floor(k/2)) because FloorMod has no gradient in this build.
 *
 * <p>γ is a parameter, not a constant: the search derives it from the run's own length so that λ
 * reaches λ_min within the run ({@code io.lfsbeam.search.FixedLoss}, where the schedule and its
 * measured effect are documented).
 */
public final class SphereFace extends MarginSoftmax {
  private final double m1;
  private final double lambdaMin;
  private final double lambdaBase;
  private final double gamma;
  private final double power;

  private SphereFace(
      double scale, double m1, double lambdaMin, double lambdaBase, double gamma, double power) {
    super(scale);
    if (!(lambdaMin >= 0) || !(lambdaBase >= 0)) {
      throw new IllegalArgumentException(
          "λ must be non-negative: min " + lambdaMin + ", base " + lambdaBase);
    }
    this.m1 = m1;
    this.lambdaMin = lambdaMin;
    this.lambdaBase = lambdaBase;
    this.gamma = gamma;
    this.power = power;
  }

  /** λ annealed from {@code base} towards {@code lambdaMin} with the training step. */
  public static SphereFace annealed(
      double scale, double m1, double lambdaMin, double lambdaBase, double gamma, double power) {
    return new SphereFace(scale, m1, lambdaMin, lambdaBase, gamma, power);
  }

  /** A constant λ, whatever the step (for tests and ablations). */
  public static SphereFace fixedLambda(double scale, double m1, double lambda) {
    return new SphereFace(scale, m1, lambda, lambda, 0.0, 1.0);
  }

  /** λ at a step, in double on the host (for logging; the graph computes the same in-graph). */
  public double lambdaAt(long step) {
    return Math.max(lambdaMin, lambdaBase * Math.pow(1.0 + gamma * step, -power));
  }

  /** λ at the given step as a graph scalar. */
  public <T extends TFloating> Operand<T> lambda(Ops tf, Operand<TInt64> step, Class<T> type) {
    Operand<T> t = tf.dtypes.cast(step, type);
    Operand<T> growth =
        tf.math.add(
            GraphMath.scalar(tf, 1.0, type), tf.math.mul(GraphMath.scalar(tf, gamma, type), t));
    Operand<T> annealed =
        tf.math.mul(
            GraphMath.scalar(tf, lambdaBase, type),
            tf.math.pow(growth, GraphMath.scalar(tf, -power, type)));
    return tf.math.maximum(GraphMath.scalar(tf, lambdaMin, type), annealed);
  }

  @Override
  public <T extends TFloating> Operand<T> targetLogit(
      Ops tf, Operand<T> cosY, Operand<TInt64> step) {
    Class<T> type = cosY.type();
    Operand<T> one = GraphMath.scalar(tf, 1.0, type);
    Operand<T> two = GraphMath.scalar(tf, 2.0, type);
    Operand<T> mTheta = tf.math.mul(GraphMath.scalar(tf, m1, type), GraphMath.theta(tf, cosY));
    Operand<T> k =
        tf.math.floor(tf.math.div(tf.stopGradient(mTheta), GraphMath.scalar(tf, Math.PI, type)));
    Operand<T> parity = tf.math.sub(k, tf.math.mul(two, tf.math.floor(tf.math.div(k, two))));
    Operand<T> sign = tf.math.sub(one, tf.math.mul(two, parity));
    Operand<T> psi = tf.math.sub(tf.math.mul(sign, tf.math.cos(mTheta)), tf.math.mul(two, k));
    Operand<T> lambda = lambda(tf, step, type);
    return tf.math.div(tf.math.add(tf.math.mul(lambda, cosY), psi), tf.math.add(one, lambda));
  }

  @Override
  public String toString() {
    return "SphereFace(s="
        + scale()
        + ", m1="
        + m1
        + ", λ=max("
        + lambdaMin
        + ", "
        + lambdaBase
        + "·(1+"
        + gamma
        + "·step)^-"
        + power
        + "))";
  }
}
