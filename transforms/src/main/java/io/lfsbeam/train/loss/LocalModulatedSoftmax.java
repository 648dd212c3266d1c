package io.lfsbeam.train.loss;

import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * The "local" search space: the modulated loss with one factor a_j per equal bin of p ∈ [0, 1] (10
 * bins in the official code). Each sample uses the a_j of the bin its own p falls in, j =
 * min(floor(p·B), B − 1), chosen without a gradient (the bin is a selector, not a function of the
 * weights to differentiate).
 *
 * <p>The factors are the effective a_j ≤ 0 that enter the loss; turning a policy sample x_j into
 * a_j = −|x_j|·e^{s/2} is the sampler's job, not this class's.
 */
public final class LocalModulatedSoftmax implements GraphLoss {
  /** Bin count of the official local search space. */
  public static final int DEFAULT_BINS = 10;

  private final double scale;
  private final double[] aBins;

  private LocalModulatedSoftmax(double scale, double[] aBins) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale s must be positive and finite, got " + scale);
    }
    if (aBins.length == 0) {
      throw new IllegalArgumentException("need at least one bin factor a_j");
    }
    for (double a : aBins) {
      if (!(a <= 0) || Double.isInfinite(a)) {
        throw new IllegalArgumentException(
            "bin factors must be finite and <= 0, got " + Arrays.toString(aBins));
      }
    }
    this.scale = scale;
    this.aBins = aBins.clone();
  }

  /** The loss with constant per-bin factors (their count is the bin count). */
  public static LocalModulatedSoftmax of(double scale, double[] aBins) {
    return new LocalModulatedSoftmax(scale, aBins);
  }

  public double scale() {
    return scale;
  }

  public double[] aBins() {
    return aBins.clone();
  }

  @Override
  public <T extends TFloating> Operand<T> perSample(
      Ops tf, Operand<T> cos, Operand<TInt32> labels, Operand<TInt64> step) {
    return perSampleWithBins(tf, cos, labels, GraphMath.vector(tf, aBins, cos.type()));
  }

  /**
   * The loss with the per-bin factors as an operand {@code [B]} (e.g. a placeholder); B is read
   * from its runtime size, and this instance's constant factors are ignored.
   */
  public <T extends TFloating> Operand<T> perSampleWithBins(
      Ops tf, Operand<T> cos, Operand<TInt32> labels, Operand<T> binFactors) {
    Operand<T> oneHot = GraphMath.oneHot(tf, labels, cos);
    Operand<T> z = tf.math.mul(GraphMath.scalar(tf, scale, cos.type()), cos);
    TargetLogProbability<T> lp = TargetLogProbability.of(tf, z, oneHot);
    Operand<TInt32> bin = GraphMath.binIndex(tf, lp.probabilityNoGradient(tf), tf.size(binFactors));
    Operand<T> a = tf.gather(binFactors, bin, tf.constant(0));
    return ModulatedSoftmax.modulate(tf, lp, a);
  }

  @Override
  public String toString() {
    return "LocalModulated(s=" + scale + ", a=" + Arrays.toString(aBins) + ")";
  }
}
