package io.lfsbeam.train;

import java.util.SplittableRandom;

/**
 * Turns an epoch's images into batches: random horizontal flips from (seed, epoch, batch index),
 * pixel normalisation (v − 127.5)/128. The visiting order is the source's ({@link
 * TrainingSource#epoch}); this class only assembles, so in-memory and streamed data get the same
 * flips and normalisation. Pure Java.
 *
 * <p>An epoch is {@code floor(size / batchSize)} full batches (the remainder is dropped, so every
 * BatchNorm step sees the same batch size); the dropped images differ from epoch to epoch.
 */
public final class BatchAssembler {
  private final int height;
  private final int width;
  private final int size;
  private final int batchSize;
  private final long seed;
  private final boolean flip;

  public BatchAssembler(TrainingSource data, int batchSize, long seed, boolean flip) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    if (data.size() < batchSize) {
      throw new IllegalArgumentException(
          "batch size " + batchSize + " exceeds the " + data.size() + " training images");
    }
    this.height = data.height();
    this.width = data.width();
    this.size = data.size();
    this.batchSize = batchSize;
    this.seed = seed;
    this.flip = flip;
  }

  public int batchSize() {
    return batchSize;
  }

  public int batchesPerEpoch() {
    return size / batchSize;
  }

  /**
   * Batch {@code index} (0-based) of {@code epoch}: the next {@code batchSize} images of {@code
   * images}.
   */
  public Batch next(EpochImages images, long epoch, int index) {
    int bytes = height * width * 3;
    byte[] raw = new byte[bytes];
    float[] pixels = new float[batchSize * bytes];
    int[] labels = new int[batchSize];
    SplittableRandom flips = new SplittableRandom((seed * 31 + epoch) * 1_000_003L + index);
    for (int b = 0; b < batchSize; b++) {
      labels[b] = images.next(raw, 0);
      boolean mirrored = flip && flips.nextBoolean();
      normalize(raw, pixels, b * bytes, height, width, mirrored);
    }
    return new Batch(pixels, labels, height, width);
  }

  /** (v − 127.5)/128 of H·W·3 bytes into {@code dst}, mirrored left–right if asked. */
  public static void normalize(
      byte[] raw, float[] dst, int offset, int h, int w, boolean mirrored) {
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int src = (y * w + (mirrored ? w - 1 - x : x)) * 3;
        int o = offset + (y * w + x) * 3;
        for (int c = 0; c < 3; c++) {
          dst[o + c] = ((raw[src + c] & 0xFF) - 127.5f) / 128f;
        }
      }
    }
  }
}
