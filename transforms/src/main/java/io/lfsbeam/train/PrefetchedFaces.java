package io.lfsbeam.train;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faces of a split read in shard order on a background thread and decoded by {@code threads}
 * decoder threads, handed out in exactly the reader's order, up to {@code ahead} faces ahead of the
 * consumer.
 *
 * <p>Why: decoding takes ~0.45 ms a face (2,200 faces/s on one thread, {@code lfs bench
 * --what=stream}), time in which the device would otherwise sit idle; a GPU trains thousands of
 * faces per second, so one thread cannot feed it. Reading an Avro record is cheap (its PNG bytes
 * are copied, not decoded), so one reader hands each face's bytes to a pool of decoders and queues
 * the pending result in read order; the consumer waits for the head of that queue. Whatever the
 * thread count and whichever decoder finishes first, the order is the reader's, so the shuffle that
 * consumes these faces gives the same batches for any {@code threads}.
 *
 * <p>Memory: {@code ahead} faces in flight (each its PNG bytes, then its decoded pixels: 64 × 37.6
 * KB ≈ 2.4 MB at 112×112). A read or decode error reaches the consumer as the same exception,
 * naming the shard (and face), at the position where it happened.
 */
final class PrefetchedFaces implements AutoCloseable {
  /** A decoded face: RGB bytes and label. */
  record Face(byte[] pixels, int label) {}

  /** Name prefix of the decoder threads (the reader is {@code lfs-face-reader}). */
  static final String DECODER_THREAD = "lfs-face-decoder-";

  private static final Object END = new Object();

  private final BlockingQueue<Object> queue;
  private final ExecutorService decoders;
  private final Thread reader;
  private volatile boolean closed;
  private boolean ended;

  PrefetchedFaces(List<String> shards, Split split, int height, int width, int ahead, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("decode threads must be at least 1, not " + threads);
    }
    this.queue = new ArrayBlockingQueue<>(Math.max(1, ahead));
    this.decoders = Executors.newFixedThreadPool(threads, daemonThreads(DECODER_THREAD));
    this.reader =
        new Thread(
            () -> read(new FaceShardReader(shards, split), height, width), "lfs-face-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** The next face in shard order, or null after the last one. */
  Face next() {
    if (ended) {
      return null;
    }
    try {
      Object item = queue.take();
      if (item == END) {
        ended = true;
        return null;
      }
      if (item instanceof RuntimeException e) {
        ended = true;
        throw e;
      }
      @SuppressWarnings("unchecked")
      Future<Face> face = (Future<Face>) item;
      return face.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the face decoder", e);
    } catch (ExecutionException e) {
      ended = true;
      if (e.getCause() instanceof RuntimeException r) {
        throw r; // the decoder's own exception, naming shard and face
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("face decoder failed", e.getCause());
    }
  }

  /** Reads records in shard order and queues each face's decoding in that order. */
  private void read(FaceShardReader shardReader, int height, int width) {
    try (shardReader) {
      AlignedFace face;
      while (!closed && (face = shardReader.next()) != null) {
        // the reader reuses the record: copy what the decoder needs now
        Encoded encoded = Encoded.of(face, shardReader.currentShard());
        put(decoders.submit(() -> encoded.decode(height, width)));
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

  /** One face's PNG bytes and what an error message needs, detached from the reused record. */
  private record Encoded(
      byte[] png, int label, int height, int width, CharSequence id, String shard) {
    static Encoded of(AlignedFace face, String shard) {
      ByteBuffer png = face.getImage();
      byte[] bytes = new byte[png.remaining()];
      png.duplicate().get(bytes);
      return new Encoded(
          bytes,
          face.getLabel(),
          face.getHeight(),
          face.getWidth(),
          face.getId().toString(),
          shard);
    }

    Face decode(int expectedHeight, int expectedWidth) {
      if (height != expectedHeight || width != expectedWidth) {
        throw new UncheckedIOException(
            new IOException(
                "face "
                    + id
                    + " in "
                    + shard
                    + " is "
                    + width
                    + "x"
                    + height
                    + ", the training set "
                    + expectedWidth
                    + "x"
                    + expectedHeight));
      }
      try {
        return new Face(InMemoryTrainingData.decodeRgb(png, height, width), label);
      } catch (IOException e) {
        throw new UncheckedIOException(
            new IOException(
                "face "
                    + id
                    + " in training shard "
                    + shard
                    + " does not decode: "
                    + e.getMessage(),
                e));
      }
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Stops the reader and the decoders and waits for the reader to close its shard. */
  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    decoders.shutdownNow();
    try {
      reader.join(10_000);
      decoders.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
