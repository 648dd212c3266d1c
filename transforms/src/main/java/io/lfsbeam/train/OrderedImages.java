package io.lfsbeam.train;

import java.util.SplittableRandom;

/** Random-access images visited in a given order: the epoch reader of {@link TrainingData}. */
public final class OrderedImages implements EpochImages {
  private final TrainingData data;
  private final int[] order;
  private int position;

  public OrderedImages(TrainingData data, int[] order) {
    this.data = data;
    this.order = order;
  }

  /**
   * A Fisher–Yates permutation of [0, n) seeded by (seed, epoch). The seeding is the one the
   * trainer has always used, so in-memory runs keep their data order across versions.
   */
  public static int[] permutation(int n, long seed, long epoch) {
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

  @Override
  public int next(byte[] dst, int offset) {
    if (position >= order.length) {
      throw new IllegalStateException("the epoch has only " + order.length + " images");
    }
    int item = order[position++];
    data.copyPixels(item, dst, offset);
    return data.label(item);
  }

  @Override
  public void skip(long count, int imageBytes) {
    if (count > order.length - position) {
      throw new IllegalStateException("the epoch has only " + order.length + " images");
    }
    position += (int) count;
  }

  @Override
  public void close() {}
}
