package io.lfsbeam.train.backbone;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The layer vocabulary of the backbones, in NHWC, each layer's variables named under its prefix.
 *
 * <p>One instance builds one path through the graph: training (BatchNorm on batch statistics, whose
 * moving averages are collected in {@link #updates()}, and dropout) or inference (moving
 * statistics, no dropout). Both paths share variables through the {@link ParamStore}.
 */
public final class Layers {
  private final ParamStore params;
  private final Ops tf;
  private final boolean training;
  private final float bnMomentum;
  private final float bnEpsilon;
  private final Operand<TInt64> dropoutSeed;
  private final List<Op> updates = new ArrayList<>();

  /**
   * @param dropoutSeed a [2] int64 seed for stateless dropout masks (fed per step so that runs are
   *     reproducible); may be null on the inference path
   */
  public Layers(
      ParamStore params,
      boolean training,
      float bnMomentum,
      float bnEpsilon,
      Operand<TInt64> dropoutSeed) {
    this.params = params;
    this.tf = params.ops();
    this.training = training;
    this.bnMomentum = bnMomentum;
    this.bnEpsilon = bnEpsilon;
    this.dropoutSeed = dropoutSeed;
  }

  /** The graph builder this path uses. */
  public Ops ops() {
    return tf;
  }

  public boolean training() {
    return training;
  }

  /** BatchNorm moving-average updates of the training path; run them with each step. */
  public List<Op> updates() {
    return Collections.unmodifiableList(updates);
  }

  /** k×k convolution without bias (a BatchNorm always follows), SAME padding. */
  public Operand<TFloat32> conv(
      String name, Operand<TFloat32> x, int k, int inC, int outC, int stride) {
    Operand<TFloat32> w =
        params.get(
            name + "/kernel",
            new long[] {k, k, inC, outC},
            ParamStore.Kind.WEIGHT,
            Init.heNormal((long) k * k * inC));
    return tf.nn.conv2d(x, w, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
  }

  /** BatchNorm over the channels of an NHWC tensor (FusedBatchNormV3, which has a gradient). */
  public Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x, int channels) {
    long[] shape = {channels};
    Operand<TFloat32> gamma =
        params.get(name + "/gamma", shape, ParamStore.Kind.BN_AFFINE, Init.ones());
    Operand<TFloat32> beta =
        params.get(name + "/beta", shape, ParamStore.Kind.BN_AFFINE, Init.zeros());
    ParamStore.Param mean =
        params.param(name + "/moving_mean", shape, ParamStore.Kind.BN_MOVING, Init.zeros());
    ParamStore.Param var =
        params.param(name + "/moving_variance", shape, ParamStore.Kind.BN_MOVING, Init.ones());
    if (!training) {
      return tf.nn
          .fusedBatchNorm(
              x,
              gamma,
              beta,
              mean.read(),
              var.read(),
              FusedBatchNorm.isTraining(false),
              FusedBatchNorm.epsilon(bnEpsilon),
              FusedBatchNorm.dataFormat("NHWC"))
          .y();
    }
    // The kernel updates the moving averages itself (exponential_avg_factor = 1 − momentum):
    // its batchMean/batchVariance outputs are μ·moving + (1 − μ)·batch, with the unbiased batch
    // variance, the one moving averages should track. Two assigns instead of eight small ops.
    FusedBatchNorm<TFloat32, TFloat32> bn =
        tf.nn.fusedBatchNorm(
            x,
            gamma,
            beta,
            mean.read(),
            var.read(),
            FusedBatchNorm.isTraining(true),
            FusedBatchNorm.epsilon(bnEpsilon),
            FusedBatchNorm.exponentialAvgFactor(1f - bnMomentum),
            FusedBatchNorm.dataFormat("NHWC"));
    updates.add(tf.assign(mean.variable(), bn.batchMean()));
    updates.add(tf.assign(var.variable(), bn.batchVariance()));
    return bn.y();
  }

  /** BatchNorm of a [N, C] tensor, through a [N, 1, 1, C] view so the fused kernel applies. */
  public Operand<TFloat32> batchNorm1d(String name, Operand<TFloat32> x, int channels) {
    Operand<TFloat32> as4d = tf.reshape(x, tf.constant(new int[] {-1, 1, 1, channels}));
    return tf.reshape(batchNorm(name, as4d, channels), tf.constant(new int[] {-1, channels}));
  }

  /**
   * PReLU with one slope per channel, max(0, x) + α·min(0, x), α starting at 0.25; built as r +
   * α·(x − r) with r = Relu(x), which is the same value bit for bit (x − r is exactly min(0, x);
   * LayersTest) and differentiates through one Relu/ReluGrad pair instead of the compare-and-select
   * gradients of Maximum and Minimum: fewer full-size element-wise ops in a step bound by memory
   * bandwidth. Under load no speed difference on tiny was measurable either way.
   */
  public Operand<TFloat32> prelu(String name, Operand<TFloat32> x, int channels) {
    Operand<TFloat32> alpha =
        params.get(
            name + "/alpha", new long[] {channels}, ParamStore.Kind.PRELU, Init.constant(0.25f));
    Operand<TFloat32> positive = tf.nn.relu(x);
    return tf.math.add(positive, tf.math.mul(alpha, tf.math.sub(x, positive)));
  }

  /** Fully connected layer x·W (+ b) on a [N, in] tensor. */
  public Operand<TFloat32> dense(String name, Operand<TFloat32> x, int in, int out, boolean bias) {
    Operand<TFloat32> w =
        params.get(
            name + "/kernel",
            new long[] {in, out},
            ParamStore.Kind.WEIGHT,
            Init.normal((float) Math.sqrt(1.0 / in)));
    Operand<TFloat32> y = tf.linalg.matMul(x, w);
    if (bias) {
      y =
          tf.math.add(
              y, params.get(name + "/bias", new long[] {out}, ParamStore.Kind.BIAS, Init.zeros()));
    }
    return y;
  }

  /** Inverted dropout during training; identity otherwise or when the rate is 0. */
  public Operand<TFloat32> dropout(Operand<TFloat32> x, float rate) {
    if (!training || rate <= 0f) {
      return x;
    }
    if (dropoutSeed == null) {
      throw new IllegalStateException("dropout on the training path needs a seed operand");
    }
    float keep = 1f - rate;
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(x), dropoutSeed);
    Operand<TFloat32> mask = tf.math.floor(tf.math.add(u, tf.constant(keep)));
    return tf.math.mul(x, tf.math.mul(mask, tf.constant(1f / keep)));
  }

  /** Average pooling by an integer factor (used to downscale inputs in-graph). */
  public Operand<TFloat32> averagePool(Operand<TFloat32> x, int factor) {
    long f = factor;
    return tf.nn.avgPool(x, List.of(1L, f, f, 1L), List.of(1L, f, f, 1L), "VALID");
  }

  /** Spatial subsampling (a 1×1 pool with stride), the identity shortcut of a strided block. */
  public Operand<TFloat32> subsample(Operand<TFloat32> x, int stride) {
    long s = stride;
    return tf.nn.avgPool(x, List.of(1L, 1L, 1L, 1L), List.of(1L, s, s, 1L), "SAME");
  }
}
