package io.lfsbeam.train;

import io.lfsbeam.schemas.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One streamed epoch, shuffled the way tf.data's {@code shuffle(K)} does: the buffer is filled with
 * the first K faces, then each request emits a uniformly chosen buffered face and puts the next
 * face from the shards in its place; once the shards are exhausted the buffer drains.
 *
 * <p>A face read at position p can only come out at position ≥ p − K, so the order is only as
 * random as K is large relative to the shard order: K = 1 is the file order, K ≥ the set size a
 * uniform permutation. The shard order itself is shuffled per epoch, which mixes across shards at
 * no memory cost. Everything is drawn from one generator seeded by (seed, epoch), and the faces
 * arrive in shard order whatever the number of decoder threads ({@link PrefetchedFaces}), so the
 * epoch is the same for any thread count.
 */
final class ShuffleBufferEpoch implements EpochImages {
  /** Faces decoded ahead of the shuffle: enough to cover a batch or two. */
  static final int DECODE_AHEAD = 64;

  /**
   * With many decoder threads, at least this many faces in flight per thread, so a thread that
   * finishes early finds work while the consumer waits for a slower one.
   */
  static final int DECODE_AHEAD_PER_THREAD = 16;

  private final PrefetchedFaces faces;
  private final int size;
  private final SplittableRandom random;
  private final byte[][] pixels;
  private final int[] labels;
  private int buffered;
  private boolean started;
  private int emitted;

  ShuffleBufferEpoch(
      List<String> shards,
      Split split,
      int capacity,
      int height,
      int width,
      int size,
      int decodeThreads,
      long seed,
      long epoch) {
    this.random = new SplittableRandom(seed * 1_000_003L + epoch);
    List<String> order = new ArrayList<>(shards);
    for (int i = order.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      order.set(i, order.set(j, order.get(i)));
    }
    this.faces =
        new PrefetchedFaces(
            order,
            split,
            height,
            width,
            Math.max(DECODE_AHEAD, DECODE_AHEAD_PER_THREAD * decodeThreads),
            decodeThreads);
    this.size = size;
    // arrays are filled lazily: a small set never allocates more slots than it has faces
    int slots = Math.max(1, Math.min(capacity, size));
    this.pixels = new byte[slots][];
    this.labels = new int[slots];
  }

  @Override
  public int next(byte[] dst, int offset) {
    if (!started) {
      started = true;
      while (buffered < pixels.length && read(buffered)) {
        buffered++;
      }
    }
    if (buffered == 0) {
      throw new IllegalStateException(
          "the train shards ran out after "
              + emitted
              + " of the "
              + size
              + " faces counted when they were opened: did they change?");
    }
    int j = random.nextInt(buffered);
    System.arraycopy(pixels[j], 0, dst, offset, pixels[j].length);
    int label = labels[j];
    if (!read(j)) {
      buffered--;
      pixels[j] = pixels[buffered];
      labels[j] = labels[buffered];
      pixels[buffered] = null;
    }
    emitted++;
    return label;
  }

  /** Puts the next face of the shards into slot {@code slot}; false at the end of the shards. */
  private boolean read(int slot) {
    PrefetchedFaces.Face face = faces.next();
    if (face == null) {
      return false;
    }
    pixels[slot] = face.pixels();
    labels[slot] = face.label();
    return true;
  }

  @Override
  public void close() {
    faces.close();
  }
}
