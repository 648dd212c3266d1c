package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * AdaFace (Kim et al., CVPR 2022), as the official code computes it: mk-minchul/AdaFace, {@code
 * head.py} (class {@code AdaFace}, forward), per BASELINES.md.
 *
 * <ul>
 *   <li>every cosine is clipped to [−1 + ε, 1 − ε], ε = 1e-3;
 *   <li>the embedding norm ‖x‖ (before normalisation) is read as a <b>constant</b> (no gradient),
 *       clipped to [0.001, 100];
 *   <li>running mean μ (starts at 20) and standard deviation σ (starts at 100) of the batch's
 *       norms, updated once per step before use: μ ← α·mean + (1 − α)·μ, σ ← α·std + (1 − α)·σ,
 *       with the <b>unbiased</b> std (N − 1), α = 0.01;
 *   <li>ẑ = clip(h·(‖x‖ − μ)/(σ + ε), −1, 1); target cos(clip(θ_y − m·ẑ, ε, π − ε)) − (m + m·ẑ);
 *       negatives unchanged; loss: mean softmax cross-entropy of s·(those logits).
 * </ul>
 *
 * <p><b>[choice] A batch of one.</b> The unbiased std of a single norm is 0/0: the official code
 * would make σ NaN for good, and every later margin with it. Here a step whose batch holds fewer
 * than two samples keeps the previous σ (μ still moves); batches of two or more follow the code
 * exactly.
 *
 * <p>Defaults of the authors' training scripts: m = 0.4, h = 0.333, s = 64, α = 0.01 (the
 * repository's config default h = 0 makes it exactly CosFace(m); its class default α = 1.0 is
 * stale). μ₀ = 20 assumes an iResNet-style embedding head; the report shows the norms our backbones
 * produce beside it rather than retuning it. With α = 0.01 the statistics need ~100 steps to move,
 * so in a short budget AdaFace ≈ CosFace(0.4).
 */
public final class AdaFace implements GraphLoss {
  static final String MEAN = "adaface/mean";
  static final String STD = "adaface/std";

  /** ε of the official code: the cosine and angle clips and the σ guard. */
  static final double EPS = 1e-3;

  /** The official clip of the norms before their statistics. */
  static final double MIN_NORM = 0.001;

  static final double MAX_NORM = 100;

  private final double scale;
  private final double margin;
  private final double h;
  private final double alpha;
  private final double initialMean;
  private final double initialStd;

  public AdaFace(
      double scale, double margin, double h, double alpha, double initialMean, double initialStd) {
    if (!(scale > 0) || Double.isInfinite(scale) || !Double.isFinite(margin) || !(h >= 0)) {
      throw new IllegalArgumentException(
          "AdaFace needs s > 0, a finite m and h >= 0: s " + scale + ", m " + margin + ", h " + h);
    }
    if (!(alpha > 0 && alpha <= 1) || !Double.isFinite(initialMean) || !(initialStd >= 0)) {
      throw new IllegalArgumentException(
          "AdaFace needs alpha in (0, 1], a finite initial mean and an initial std >= 0: "
              + alpha
              + ", "
              + initialMean
              + ", "
              + initialStd);
    }
    this.scale = scale;
    this.margin = margin;
    this.h = h;
    this.alpha = alpha;
    this.initialMean = initialMean;
    this.initialStd = initialStd;
  }

  @Override
  public <T extends TFloating> Operand<T> perSample(LossInputs<T> in) {
    Ops tf = in.tf();
    Class<T> type = in.cos().type();
    LossState state = in.requireState("AdaFace");
    Operand<T> cos = GraphMath.clip(tf, in.cos(), -1 + EPS, 1 - EPS);
    Operand<T> norms =
        tf.stopGradient(GraphMath.clip(tf, in.requireNorms("AdaFace"), MIN_NORM, MAX_NORM));

    Operand<T> n = GraphMath.count(tf, norms);
    Operand<T> batchMean = GraphMath.mean(tf, norms);
    Operand<T> dev = tf.math.sub(norms, batchMean);
    Operand<T> one = GraphMath.scalar(tf, 1.0, type);
    Operand<T> batchStd =
        tf.math.sqrt(
            tf.math.div(
                tf.reduceSum(tf.math.square(dev), tf.constant(0)),
                tf.math.maximum(tf.math.sub(n, one), one)));
    Operand<T> a = GraphMath.scalar(tf, alpha, type);
    Operand<T> keep = GraphMath.scalar(tf, 1 - alpha, type);
    Operand<T> mu =
        tf.math.add(
            tf.math.mul(a, batchMean), tf.math.mul(keep, state.read(MEAN, initialMean, type)));
    Operand<T> sigmaBefore = state.read(STD, initialStd, type);
    Operand<TBool> enough = tf.math.greaterEqual(n, GraphMath.scalar(tf, 2.0, type));
    Operand<T> sigma =
        tf.select(
            enough,
            tf.math.add(tf.math.mul(a, batchStd), tf.math.mul(keep, sigmaBefore)),
            sigmaBefore);
    state.write(MEAN, mu);
    state.write(STD, sigma);

    Operand<T> scaler =
        GraphMath.clip(
            tf,
            tf.math.mul(
                GraphMath.scalar(tf, h, type),
                tf.math.div(
                    tf.math.sub(norms, mu), tf.math.add(sigma, GraphMath.scalar(tf, EPS, type)))),
            -1,
            1);
    Operand<T> m = GraphMath.scalar(tf, margin, type);
    Operand<T> oneHot = GraphMath.oneHot(tf, in.labels(), cos);
    Operand<T> cosY = GraphMath.target(tf, cos, oneHot);
    Operand<T> theta =
        GraphMath.clip(
            tf, tf.math.sub(tf.math.acos(cosY), tf.math.mul(m, scaler)), EPS, Math.PI - EPS);
    Operand<T> target = tf.math.sub(tf.math.cos(theta), tf.math.add(m, tf.math.mul(m, scaler)));
    Operand<T> logits =
        tf.math.mul(
            GraphMath.scalar(tf, scale, type), GraphMath.replaceTarget(tf, cos, oneHot, target));
    return GraphMath.crossEntropy(tf, logits, oneHot);
  }

  @Override
  public String toString() {
    return "AdaFace(s="
        + scale
        + ", m="
        + margin
        + ", h="
        + h
        + ", alpha="
        + alpha
        + ", mean0="
        + initialMean
        + ", std0="
        + initialStd
        + ")";
  }
}
