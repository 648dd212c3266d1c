package io.lfsbeam.train;

import java.util.Arrays;

/**
 * The embedding norms (before L2 normalisation) of the last {@value #CAPACITY} training images of a
 * run, and their minimum, median and maximum: what AdaFace's running mean and MagFace's bounds act
 * on at the end of the run, measured on the training path (batch statistics, dropout) the loss
 * sees. A ring buffer, so memory stays fixed however long the run.
 */
public final class EmbeddingNormWindow {
  /** Images kept: enough for a stable median, small enough to sort at the end of every run. */
  public static final int CAPACITY = 4096;

  /** Smallest, median and largest norm over {@code count} images. */
  public record Stats(double min, double median, double max, int count) {}

  private final float[] values = new float[CAPACITY];
  private int size;
  private int next;

  /** Adds one batch's norms (the oldest fall out once the window is full). */
  public void add(float[] norms) {
    for (float v : norms) {
      values[next] = v;
      next = (next + 1) % CAPACITY;
      size = Math.min(size + 1, CAPACITY);
    }
  }

  /** The norms kept, in buffer order (for tests). */
  double[] values() {
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /** The statistics of the window, null when no norm was added. */
  public Stats stats() {
    if (size == 0) {
      return null;
    }
    float[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    double median =
        size % 2 == 1
            ? sorted[size / 2]
            : ((double) sorted[size / 2 - 1] + (double) sorted[size / 2]) / 2;
    return new Stats(sorted[0], median, sorted[size - 1], size);
  }
}
