package io.lfsbeam.train;

import java.util.SplittableRandom;

/**
 * Turns a {@link TrainingData} into batches: deterministic shuffling from (seed, epoch), random
 * horizontal flips from (seed, epoch, position), pixel normalisation (v − 127.5)/128. Pure Java.
 *
 * <p>An epoch is {@code floor(size / batchSize)} full batches (the remainder is dropped, so every
 * BatchNorm step sees the same batch size); the dropped images differ from epoch to epoch.
 */
public final class BatchAssembler {
  private final TrainingData data;
  private final int batchSize;
  private final long seed;
  private final boolean flip;

  public BatchAssembler(TrainingData data, int batchSize, long seed, boolean flip) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    if (data.size() < batchSize) {
      throw new IllegalArgumentException("batch size " + batchSize + " exceeds the " + data.size() + " training images");
    }
    this.data = data;
    this.batchSize = batchSize;
    this.seed = seed;
    this.flip = flip;
  }

  public int batchSize() { return batchSize; }

  public int batchesPerEpoch() {
    return data.size() / batchSize;
  }

  /** The visiting order of an epoch: a Fisher–Yates permutation seeded by (seed, epoch). */
  public int[] order(long epoch) {
    int n = data.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Batch {@code index} (0-based) of an epoch whose order was computed by {@link #order(long)}. */
  public Batch batch(int[] order, long epoch, int index) {
    int h = data.height();
    int w = data.width();
    int bytes = data.imageBytes();
    byte[] raw = new byte[bytes];
    float[] pixels = new float[batchSize * bytes];
    int[] labels = new int[batchSize];
    SplittableRandom flips = new SplittableRandom((seed * 31 + epoch) * 1_000_003L + index);
    for (int b = 0; b < batchSize; b++) {
      int item = order[index * batchSize + b];
      data.copyPixels(item, raw, 0);
      labels[b] = data.label(item);
      boolean mirrored = flip && flips.nextBoolean();
      normalize(raw, pixels, b * bytes, h, w, mirrored);
    }
    return new Batch(pixels, labels, h, w);
  }

  /** (v − 127.5)/128 of H·W·3 bytes into {@code dst}, mirrored left–right if asked. */
  public static void normalize(byte[] raw, float[] dst, int offset, int h, int w, boolean mirrored) {
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
