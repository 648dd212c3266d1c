package io.lfsbeam.train.backbone;

import java.util.Arrays;

/**
 * Shape of a residual face backbone: input size, optional in-graph downscaling, stage widths and
 * depths, embedding size. Immutable; the presets are the ones the project trains.
 *
 * <p>Each stage starts with a stride-2 block, so a 112×112 input ends at 7×7 after four stages. The
 * {@link #tiny()} preset average-pools the input to 28×28 first so it trains in minutes on two CPU
 * cores (tests and the demo); its embeddings are not meant to be competitive.
 */
public final class BackboneConfig {
  /** The preset of the demo and the tests: small enough to train on a CPU in seconds. */
  public static final String DEFAULT_PRESET = "tiny";

  private final String name;
  private final int inputHeight;
  private final int inputWidth;
  private final int downscale;
  private final int stemChannels;
  private final int[] widths;
  private final int[] blocks;
  private final int embeddingSize;
  private final float dropout;
  private final float bnMomentum;
  private final float bnEpsilon;

  private BackboneConfig(Builder b) {
    this.name = b.name;
    this.inputHeight = b.inputHeight;
    this.inputWidth = b.inputWidth;
    this.downscale = b.downscale;
    this.stemChannels = b.stemChannels;
    this.widths = b.widths.clone();
    this.blocks = b.blocks.clone();
    this.embeddingSize = b.embeddingSize;
    this.dropout = b.dropout;
    this.bnMomentum = b.bnMomentum;
    this.bnEpsilon = b.bnEpsilon;
  }

  /** 28×28 after a 4× average pool, widths 16/32/64, one block per stage, 128-d embedding. */
  public static BackboneConfig tiny() {
    return builder("tiny")
        .downscale(4)
        .stemChannels(16)
        .stages(new int[] {16, 32, 64}, new int[] {1, 1, 1})
        .embeddingSize(128)
        .build();
  }

  /** SphereFace-20 depth with improved-residual blocks: widths 64/128/256/512, blocks 1/2/4/1. */
  public static BackboneConfig resnet20() {
    return builder("resnet20")
        .stemChannels(64)
        .stages(new int[] {64, 128, 256, 512}, new int[] {1, 2, 4, 1})
        .build();
  }

  /** IR-50: widths 64/128/256/512, blocks 3/4/14/3. */
  public static BackboneConfig resnet50() {
    return builder("resnet50")
        .stemChannels(64)
        .stages(new int[] {64, 128, 256, 512}, new int[] {3, 4, 14, 3})
        .build();
  }

  /** A preset by name: {@code tiny}, {@code resnet20}, {@code resnet50}. */
  public static BackboneConfig preset(String name) {
    return BackbonePreset.parse(name).config();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * A builder pre-filled with this configuration, e.g. to change the embedding size of a preset.
   */
  public Builder toBuilder() {
    return new Builder(name)
        .inputSize(inputHeight, inputWidth)
        .downscale(downscale)
        .stemChannels(stemChannels)
        .stages(widths, blocks)
        .embeddingSize(embeddingSize)
        .dropout(dropout)
        .batchNorm(bnMomentum, bnEpsilon);
  }

  public String name() {
    return name;
  }

  public int inputHeight() {
    return inputHeight;
  }

  public int inputWidth() {
    return inputWidth;
  }

  public int downscale() {
    return downscale;
  }

  public int stemChannels() {
    return stemChannels;
  }

  public int[] widths() {
    return widths.clone();
  }

  public int[] blocks() {
    return blocks.clone();
  }

  public int embeddingSize() {
    return embeddingSize;
  }

  public float dropout() {
    return dropout;
  }

  /** Weight of the old value in the moving averages (PyTorch's 0.1 momentum is 0.9 here). */
  public float bnMomentum() {
    return bnMomentum;
  }

  public float bnEpsilon() {
    return bnEpsilon;
  }

  /** Height of the feature map after the last stage (SAME padding rounds up at each stride 2). */
  public int finalHeight() {
    return shrink(inputHeight / downscale, widths.length);
  }

  public int finalWidth() {
    return shrink(inputWidth / downscale, widths.length);
  }

  private static int shrink(int size, int stages) {
    for (int i = 0; i < stages; i++) {
      size = (size + 1) / 2;
    }
    return size;
  }

  @Override
  public String toString() {
    return name
        + "{input="
        + inputHeight
        + "x"
        + inputWidth
        + ", downscale="
        + downscale
        + ", stem="
        + stemChannels
        + ", widths="
        + Arrays.toString(widths)
        + ", blocks="
        + Arrays.toString(blocks)
        + ", embedding="
        + embeddingSize
        + ", dropout="
        + dropout
        + "}";
  }

  /** Builder; defaults: 112×112 input, no downscaling, 512-d embedding, no dropout, BN 0.9/1e-5. */
  public static final class Builder {
    private final String name;
    private int inputHeight = 112;
    private int inputWidth = 112;
    private int downscale = 1;
    private int stemChannels = 64;
    private int[] widths = {64, 128, 256, 512};
    private int[] blocks = {1, 2, 4, 1};
    private int embeddingSize = 512;
    private float dropout = 0f;
    private float bnMomentum = 0.9f;
    private float bnEpsilon = 1e-5f;

    private Builder(String name) {
      this.name = name;
    }

    public Builder inputSize(int height, int width) {
      this.inputHeight = height;
      this.inputWidth = width;
      return this;
    }

    /**
     * Average-pool the input by this factor in the graph (1 = none); must divide the input size.
     */
    public Builder downscale(int factor) {
      this.downscale = factor;
      return this;
    }

    public Builder stemChannels(int channels) {
      this.stemChannels = channels;
      return this;
    }

    public Builder stages(int[] widths, int[] blocks) {
      this.widths = widths.clone();
      this.blocks = blocks.clone();
      return this;
    }

    public Builder embeddingSize(int size) {
      this.embeddingSize = size;
      return this;
    }

    /** Drop rate before the embedding layer during training (0 = off, insightface's default). */
    public Builder dropout(float rate) {
      this.dropout = rate;
      return this;
    }

    public Builder batchNorm(float momentum, float epsilon) {
      this.bnMomentum = momentum;
      this.bnEpsilon = epsilon;
      return this;
    }

    public BackboneConfig build() {
      if (widths.length == 0 || widths.length != blocks.length) {
        throw new IllegalArgumentException(
            "widths and blocks must be non-empty and of equal length");
      }
      for (int i = 0; i < widths.length; i++) {
        if (widths[i] <= 0 || blocks[i] <= 0) {
          throw new IllegalArgumentException(
              "stage " + i + " needs a positive width and block count");
        }
      }
      if (downscale < 1 || inputHeight % downscale != 0 || inputWidth % downscale != 0) {
        throw new IllegalArgumentException(
            "downscale " + downscale + " must divide the input " + inputHeight + "x" + inputWidth);
      }
      if (embeddingSize <= 0 || stemChannels <= 0) {
        throw new IllegalArgumentException("embedding size and stem channels must be positive");
      }
      if (dropout < 0f || dropout >= 1f) {
        throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
      }
      return new BackboneConfig(this);
    }
  }
}
