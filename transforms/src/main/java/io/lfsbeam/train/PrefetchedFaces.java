package io.lfsbeam.train;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The faces of a split read and decoded on a background thread, in shard order, up to {@code ahead}
 * faces ahead of the consumer.
 *
 * <p>Why: decoding takes ~0.45 ms a face (2,200 faces/s on one thread, {@code lfs bench
 * --what=stream}), time in which the device would otherwise sit idle; that is a fifth of what
 * {@code tiny} spends per image on a 2-core CPU, and far more than a GPU step's share. The order is
 * exactly the reader's, so the shuffle that consumes these faces stays deterministic. Memory:
 * {@code ahead} decoded faces (64 × 37.6 KB ≈ 2.4 MB at 112×112). A read or decode error reaches
 * the consumer as the same exception, naming the shard (and face), at the position where it
 * happened.
 */
final class PrefetchedFaces implements AutoCloseable {
  /** A decoded face: RGB bytes and label. */
  record Face(byte[] pixels, int label) {}

  private static final Object END = new Object();

  private final BlockingQueue<Object> queue;
  private final Thread producer;
  private volatile boolean closed;
  private boolean ended;

  PrefetchedFaces(List<String> shards, Split split, int height, int width, int ahead) {
    this.queue = new ArrayBlockingQueue<>(Math.max(1, ahead));
    this.producer =
        new Thread(
            () -> produce(new FaceShardReader(shards, split), height, width), "lfs-face-decoder");
    producer.setDaemon(true);
    producer.start();
  }

  /** The next face in shard order, or null after the last one. */
  Face next() {
    if (ended) {
      return null;
    }
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the face decoder", e);
    }
    if (item == END) {
      ended = true;
      return null;
    }
    if (item instanceof RuntimeException e) {
      ended = true;
      throw e;
    }
    return (Face) item;
  }

  private void produce(FaceShardReader reader, int height, int width) {
    try (reader) {
      AlignedFace face;
      while (!closed && (face = reader.next()) != null) {
        put(new Face(decode(face, reader.currentShard(), height, width), face.getLabel()));
      }
      put(END);
    } catch (RuntimeException e) {
      put(e); // dropped when closed: nobody is waiting for the rest
    }
  }

  private void put(Object item) {
    try {
      while (!closed && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
        // full: the consumer is busy training; wait (or stop when closed)
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] decode(AlignedFace face, String shard, int height, int width) {
    if (face.getHeight() != height || face.getWidth() != width) {
      throw new UncheckedIOException(
          new IOException(
              "face "
                  + face.getId()
                  + " in "
                  + shard
                  + " is "
                  + face.getWidth()
                  + "x"
                  + face.getHeight()
                  + ", the training set "
                  + width
                  + "x"
                  + height));
    }
    ByteBuffer png = face.getImage();
    byte[] bytes = new byte[png.remaining()];
    png.duplicate().get(bytes);
    try {
      return InMemoryTrainingData.decodeRgb(bytes, height, width);
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException(
              "face "
                  + face.getId()
                  + " in training shard "
                  + shard
                  + " does not decode: "
                  + e.getMessage(),
              e));
    }
  }

  /** Stops the decoder and waits for it to close its shard. */
  @Override
  public void close() {
    closed = true;
    producer.interrupt();
    try {
      producer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
