package io.lfsbeam.train;

/**
 * Labelled face images for training, by index. Random access lets an epoch be a full permutation
 * seeded by (seed, epoch): every image exactly once, in a uniformly random order.
 */
public interface TrainingData extends TrainingSource {
  int label(int index);

  /** Copies the H·W·3 bytes of image {@code index} into {@code dst} at {@code offset}. */
  void copyPixels(int index, byte[] dst, int offset);

  /** Every image once, in the Fisher–Yates order of (seed, epoch). */
  @Override
  default EpochImages epoch(long seed, long epoch) {
    return new OrderedImages(this, OrderedImages.permutation(size(), seed, epoch));
  }
}
