package io.lfsbeam.train.backbone;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The improved-residual (IR) face CNN: stem conv → stages of IR blocks → BN → dropout → FC → BN.
 *
 * <p>An IR block is BN–conv3×3–BN–PReLU–conv3×3(stride)–BN plus a shortcut; the first block of each
 * stage has stride 2. The shortcut is the identity (subsampled when strided) if the channels agree,
 * else a strided 1×1 conv + BN. Input: normalised pixels, NHWC [N, H, W, 3].
 */
public final class ResidualBackbone {
  private ResidualBackbone() {}

  /**
   * Builds the embedding [N, embeddingSize] (not L2-normalised) on the path that {@code layers}
   * represents.
   */
  public static Operand<TFloat32> embedding(
      BackboneConfig config, Layers layers, Operand<TFloat32> images) {
    Operand<TFloat32> x = images;
    if (config.downscale() > 1) {
      x = layers.averagePool(x, config.downscale());
    }
    x = layers.conv("stem/conv", x, 3, 3, config.stemChannels(), 1);
    x = layers.batchNorm("stem/bn", x, config.stemChannels());
    x = layers.prelu("stem/prelu", x, config.stemChannels());
    int channels = config.stemChannels();
    int[] widths = config.widths();
    int[] blocks = config.blocks();
    for (int s = 0; s < widths.length; s++) {
      for (int b = 0; b < blocks[s]; b++) {
        String name = "stage" + (s + 1) + "/block" + (b + 1);
        x = block(layers, name, x, channels, widths[s], b == 0 ? 2 : 1);
        channels = widths[s];
      }
    }
    x = layers.batchNorm("output/bn", x, channels);
    x = layers.dropout(x, config.dropout());
    int flat = config.finalHeight() * config.finalWidth() * channels;
    x = flatten(layers, x, flat);
    x = layers.dense("output/fc", x, flat, config.embeddingSize(), false);
    return layers.batchNorm1d("output/embedding_bn", x, config.embeddingSize());
  }

  private static Operand<TFloat32> block(
      Layers layers, String name, Operand<TFloat32> x, int inC, int outC, int stride) {
    Operand<TFloat32> r = layers.batchNorm(name + "/bn1", x, inC);
    r = layers.conv(name + "/conv1", r, 3, inC, outC, 1);
    r = layers.batchNorm(name + "/bn2", r, outC);
    r = layers.prelu(name + "/prelu", r, outC);
    r = layers.conv(name + "/conv2", r, 3, outC, outC, stride);
    r = layers.batchNorm(name + "/bn3", r, outC);
    Operand<TFloat32> shortcut;
    if (inC == outC) {
      shortcut = stride == 1 ? x : layers.subsample(x, stride);
    } else {
      shortcut = layers.conv(name + "/shortcut/conv", x, 1, inC, outC, stride);
      shortcut = layers.batchNorm(name + "/shortcut/bn", shortcut, outC);
    }
    return layers.ops().math.add(r, shortcut);
  }

  private static Operand<TFloat32> flatten(Layers layers, Operand<TFloat32> x, int flat) {
    return layers.ops().reshape(x, layers.ops().constant(new int[] {-1, flat}));
  }
}
