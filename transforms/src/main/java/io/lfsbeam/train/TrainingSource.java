package io.lfsbeam.train;

/**
 * Labelled face images that {@link Trainer#fit} can train from, one epoch at a time: H×W RGB, 8
 * bits per channel, row-major interleaved (the layout of an NHWC tensor).
 *
 * <p>Two implementations: {@link TrainingData} (random access, e.g. {@link InMemoryTrainingData},
 * shuffled by a full permutation) and {@link StreamedTrainingData} (shards read sequentially
 * through a bounded shuffle buffer). The fit loop only sees {@link #epoch}, so it trains from
 * either without knowing which.
 */
public interface TrainingSource {
  /** Images per epoch; known up front so an epoch is {@code floor(size / batch)} full batches. */
  int size();

  int height();

  int width();

  /** Number of classes: labels are in [0, numClasses). */
  int numClasses();

  /**
   * The images of one epoch in visiting order, a function of (seed, epoch) only, so a resumed run
   * and a rerun see the same batches. The caller may stop early; it must close the reader.
   */
  EpochImages epoch(long seed, long epoch);

  /** Bytes per image (H·W·3). */
  default int imageBytes() {
    return height() * width() * 3;
  }
}
