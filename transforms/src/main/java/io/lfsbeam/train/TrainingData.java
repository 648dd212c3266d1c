package io.lfsbeam.train;

/**
 * Labelled face images for training, by index: H×W RGB, 8 bits per channel, row-major interleaved
 * (the layout of an NHWC tensor). Random access lets the trainer shuffle deterministically from
 * (seed, epoch) without holding more than one batch of floats.
 */
public interface TrainingData {
  int size();

  int height();

  int width();

  /** Number of classes: labels are in [0, numClasses). */
  int numClasses();

  int label(int index);

  /** Copies the H·W·3 bytes of image {@code index} into {@code dst} at {@code offset}. */
  void copyPixels(int index, byte[] dst, int offset);

  /** Bytes per image (H·W·3). */
  default int imageBytes() {
    return height() * width() * 3;
  }
}
