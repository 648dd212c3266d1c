package io.lfsbeam.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * ElasticFace (Boutros et al., CVPRW 2022), as the official code computes it: fdbtrs/ElasticFace,
 * {@code utils/losses.py} (classes {@code ElasticArcFace}, {@code ElasticCosFace}), per
 * BASELINES.md.
 *
 * <ul>
 *   <li>a fresh margin per sample and step, m_i ~ N(m, σ): here m + σ·z_i with z the trainer's
 *       reproducible per-step draws ({@link LossInputs#standardNormal});
 *   <li>Arc: target cos(θ_y + m_i), with <b>no</b> fallback past π; Cos: target c_y − m_i;
 *       negatives unchanged; loss: mean softmax cross-entropy of s·(those logits);
 *   <li>"Plus": the drawn margins are sorted and matched against the samples' c_y (without
 *       gradient). {@link Order#OFFICIAL} is what the released code does: with the margins sorted
 *       ascending and {@code idx} the indices of c_y sorted descending, sample i gets {@code
 *       sorted[idx[i]]} — a gather that shuffles the margins rather than giving the smallest margin
 *       to the easiest sample. {@link Order#INTENDED} is the paper's rule: the sample of rank r in
 *       descending c_y gets the r-th smallest margin ({@code sorted[rank(i)]}, the inverse
 *       permutation). The official order is the default, since the published numbers came from it.
 * </ul>
 *
 * Defaults: Arc m = 0.5, σ = 0.05 (Plus σ = 0.0175); Cos m = 0.35, σ = 0.05 (Plus σ = 0.02); s =
 * 64. Ties in c_y (measure zero for real embeddings) are broken by sample index.
 */
public final class ElasticFace implements GraphLoss {

  /** Where the margin acts: on the angle (ElasticFace-Arc) or on the cosine (ElasticFace-Cos). */
  public enum Kind {
    ARC,
    COS
  }

  /** How a "plus" variant matches its sorted margins to the samples (see the class comment). */
  public enum Order {
    /** The released code's {@code margin[idx]}: sample i gets sorted[idx[i]]. */
    OFFICIAL,
    /** The paper's rule: sample of descending rank r gets the r-th smallest margin. */
    INTENDED
  }

  private final Kind kind;
  private final double scale;
  private final double margin;
  private final double std;
  private final boolean plus;
  private final Order order;

  public ElasticFace(
      Kind kind, double scale, double margin, double std, boolean plus, Order order) {
    if (!(scale > 0) || Double.isInfinite(scale) || !Double.isFinite(margin) || !(std >= 0)) {
      throw new IllegalArgumentException(
          "ElasticFace needs s > 0, a finite m and sigma >= 0: s "
              + scale
              + ", m "
              + margin
              + ", sigma "
              + std);
    }
    this.kind = kind;
    this.scale = scale;
    this.margin = margin;
    this.std = std;
    this.plus = plus;
    this.order = order;
  }

  @Override
  public <T extends TFloating> Operand<T> perSample(LossInputs<T> in) {
    Ops tf = in.tf();
    Operand<T> cos = in.cos();
    Class<T> type = cos.type();
    Operand<T> drawn =
        tf.math.add(
            GraphMath.scalar(tf, margin, type),
            tf.math.mul(
                GraphMath.scalar(tf, std, type), in.requireStandardNormal(this.toString())));
    Operand<T> oneHot = GraphMath.oneHot(tf, in.labels(), cos);
    Operand<T> cosY = GraphMath.target(tf, cos, oneHot);
    Operand<T> margins = plus ? assign(tf, drawn, tf.stopGradient(cosY), order) : drawn;
    Operand<T> target =
        kind == Kind.ARC
            ? tf.math.cos(tf.math.add(GraphMath.theta(tf, cosY), margins))
            : tf.math.sub(cosY, margins);
    Operand<T> logits =
        tf.math.mul(
            GraphMath.scalar(tf, scale, type), GraphMath.replaceTarget(tf, cos, oneHot, target));
    return GraphMath.crossEntropy(tf, logits, oneHot);
  }

  /**
   * The plus variants' margins per sample: {@code drawn} sorted ascending and matched against the
   * descending order of {@code cosY} by {@code order}. Sorting is done with rank matrices (pairwise
   * comparisons, one-hot permutations and a matrix product) because every op between the embedding
   * and the loss needs a registered gradient in this TensorFlow build, even where no gradient flows
   * (TopK has none).
   */
  static <T extends TFloating> Operand<T> assign(
      Ops tf, Operand<T> drawn, Operand<T> cosY, Order order) {
    Class<T> type = drawn.type();
    // sorted[k] = Σ_j drawn_j·[rankAscending(drawn)_j = k]
    Operand<T> byRank = permutation(tf, ranks(tf, tf.math.neg(drawn)), type);
    Operand<T> sorted = tf.linalg.matMul(tf.expandDims(drawn, tf.constant(0)), byRank);
    // P[i, r] = [rankDescending(cosY)_i = r]
    Operand<T> p = permutation(tf, ranks(tf, cosY), type);
    Operand<T> column = tf.expandDims(tf.squeeze(sorted, Squeeze.axis(0L)), tf.constant(1));
    Operand<T> matched =
        order == Order.INTENDED
            ? tf.linalg.matMul(p, column) // sample i gets sorted[rank(i)]
            : tf.linalg.matMul(p, column, org.tensorflow.op.linalg.MatMul.transposeA(true));
    // official: sample i gets sorted[idx[i]], idx[i] = the sample of rank i: Σ_j P[j, i]·sorted[j]
    return tf.squeeze(matched, Squeeze.axis(1L));
  }

  /**
   * The descending rank of each entry of {@code x [N]}: #{j : x_j > x_i} + #{j < i : x_j = x_i}, a
   * permutation of 0..N−1 (ties broken by index).
   */
  static <T extends TFloating> Operand<TInt32> ranks(Ops tf, Operand<T> x) {
    Operand<T> row = tf.expandDims(x, tf.constant(0)); // [1, N]: x_j
    Operand<T> col = tf.expandDims(x, tf.constant(1)); // [N, 1]: x_i
    Operand<TInt32> index = tf.range(tf.constant(0), tf.size(x), tf.constant(1));
    Operand<TBool> earlier =
        tf.math.less(tf.expandDims(index, tf.constant(0)), tf.expandDims(index, tf.constant(1)));
    Operand<TBool> before =
        tf.math.logicalOr(
            tf.math.greater(row, col), tf.math.logicalAnd(tf.math.equal(row, col), earlier));
    return tf.reduceSum(tf.dtypes.cast(before, TInt32.class), tf.constant(1));
  }

  /** The one-hot matrix {@code P[i, r] = [rank_i = r]} of a permutation, as floats. */
  private static <T extends TFloating> Operand<T> permutation(
      Ops tf, Operand<TInt32> ranks, Class<T> type) {
    return tf.oneHot(
        ranks, tf.size(ranks), GraphMath.scalar(tf, 1.0, type), GraphMath.scalar(tf, 0.0, type));
  }

  @Override
  public String toString() {
    return "ElasticFace-"
        + (kind == Kind.ARC ? "Arc" : "Cos")
        + (plus ? "+" : "")
        + "(s="
        + scale
        + ", m="
        + margin
        + ", sigma="
        + std
        + (plus ? ", order=" + order.name().toLowerCase(java.util.Locale.ROOT) : "")
        + ")";
  }
}
