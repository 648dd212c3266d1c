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
 * <p><b>The schedule follows the run's own budget.</b> METHOD.md §1's shape (base 1000, power 2,
 * λ_min 5, the {@code LossParams} defaults) with its published γ = 1e-4 reaches λ_min only at step
 * 131,421; a search of a few hundred steps would train "A-Softmax" at λ ≈ 1000, i.e. NormFace with
 * 0.1 % of the margin. So γ is not a constant but derived from the run ({@link #gammaReachingMin}):
 * λ reaches λ_min at {@link #DEFAULT_ANNEAL_FRACTION} of the run's total training steps (rounds ×
 * steps per round for search and compare, the epochs' steps for {@code train}) and stays there. For
 * comparison, the official Caffe schedule (wy1iu/sphereface: base 1000, γ 0.12, power 1, λ_min 5,
 * 28,000 iterations) reaches λ_min at iteration 1,658, 5.9 % of its run. [choice] The default
 * fraction is {@value #DEFAULT_ANNEAL_FRACTION}: λ stays high through the first half, where m1 = 4
 * at full strength would fight an untrained network, and the second half trains with the λ_min = 5
 * margin. Measured on ORL at compare's default budget (tiny backbone, 4 rounds × 30 steps, batch
 * 64, seeds 1–5, test pairs): A-Softmax 92.67 ± 0.72 % against plain softmax 91.33 ± 0.93 %, a
 * paired difference of +1.33 points (95 % t interval 0.37 to 2.29); fractions 0.06 (the Caffe
 * proportion) and 1.0 gave 92.47 ± 1.05 % and 92.90 ± 1.41 %, not distinguishable from 0.5 at five
 * seeds.
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

  /**
   * Fraction of a run's training steps at which λ reaches λ_min (see the class comment): the
   * default of {@code --sphereAnnealFraction}.
   */
  public static final double DEFAULT_ANNEAL_FRACTION = 0.5;

  /**
   * γ with which base·(1 + γ·t)^−power reaches {@code lambdaMin} at step t = {@code floorStep}: γ =
   * ((base/λ_min)^(1/power) − 1)/floorStep.
   *
   * @throws IllegalArgumentException unless base > λ_min > 0, power > 0 and floorStep ≥ 1
   */
  public static double gammaReachingMin(
      double lambdaBase, double lambdaMin, double power, long floorStep) {
    if (!(lambdaMin > 0 && lambdaBase > lambdaMin && power > 0) || floorStep < 1) {
      throw new IllegalArgumentException(
          "need base > lambda_min > 0, power > 0 and a floor step >= 1: base "
              + lambdaBase
              + ", min "
              + lambdaMin
              + ", power "
              + power
              + ", step "
              + floorStep);
    }
    return (Math.pow(lambdaBase / lambdaMin, 1.0 / power) - 1.0) / floorStep;
  }

  /**
   * The step at which λ reaches its floor in a run of {@code totalSteps}: {@code fraction} of it,
   * at least 1.
   */
  public static long floorStep(long totalSteps, double fraction) {
    if (totalSteps < 1 || !(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "need a run of >= 1 step and a fraction in (0, 1]: " + totalSteps + ", " + fraction);
    }
    return Math.max(1, Math.round(totalSteps * fraction));
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
