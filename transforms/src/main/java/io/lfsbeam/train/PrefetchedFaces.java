package io.lfsbeam.train;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The faces of a split in shard order, decoded by {@code threads} background threads and handed out
 * in exactly the order of the files, up to about {@code ahead} faces ahead of the consumer.
 *
 * <p>Why: decoding takes ~0.45 ms a face on one thread (2,200 faces/s, {@code lfs bench
 * --what=stream}; inflating the shard's deflate blocks and decoding the PNG cost about the same),
 * time in which the device would otherwise sit idle; a GPU trains thousands of faces per second, so
 * one thread cannot feed it. A reader thread moves the shards' Avro blocks, still compressed, off
 * the disk ({@link ShardBlocks}: cheap) and queues each block's decoding (decompress, Avro records,
 * PNGs) on a pool, pending results in file order; the consumer waits for the head of that queue.
 * Whatever the thread count and whichever decoder finishes first, the order is the files', so the
 * shuffle that consumes these faces gives the same batches for any {@code threads}.
 *
 * <p>Memory: up to {@code ahead} faces in flight (each its block's bytes, then its decoded pixels:
 * 64 × 37.6 KB ≈ 2.4 MB at 112×112), counted by the records of the blocks queued, plus the block
 * being handed out. A read or decode error reaches the consumer as the same exception, naming the
 * shard (and face), after the faces that preceded it.
 */
final class PrefetchedFaces implements AutoCloseable {
  /** A decoded face: RGB bytes and label. */
  record Face(byte[] pixels, int label) {}

  /** Name prefix of the decoder threads (the reader is {@code lfs-face-reader}). */
  static final String DECODER_THREAD = "lfs-face-decoder-";

  private static final Object END = new Object();

  /** A block's faces in file order, and the error that cut it short (null when none). */
  private record Decoded(List<Face> faces, RuntimeException error) {}

  /** A block queued for decoding and the faces it counts against {@code ahead}. */
  private record Pending(Future<Decoded> result, int permits) {}

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Semaphore inFlight;
  private final int ahead;
  private final ExecutorService decoders;
  private final Thread reader;
  private volatile boolean closed;
  private boolean ended;
  private Decoded current;
  private int currentPermits;
  private int position;

  PrefetchedFaces(List<String> shards, Split split, int height, int width, int ahead, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("decode threads must be at least 1, not " + threads);
    }
    this.ahead = Math.max(1, ahead);
    this.inFlight = new Semaphore(this.ahead);
    this.decoders = Executors.newFixedThreadPool(threads, daemonThreads(DECODER_THREAD));
    List<String> order = List.copyOf(shards);
    this.reader = new Thread(() -> read(order, split, height, width), "lfs-face-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** The next face in shard order, or null after the last one. */
  Face next() {
    while (true) {
      if (current != null) {
        if (position < current.faces().size()) {
          return current.faces().set(position++, null); // handed out: the list lets go of it
        }
        inFlight.release(currentPermits);
        RuntimeException error = current.error();
        current = null;
        if (error != null) {
          ended = true;
          throw error;
        }
      }
      if (ended) {
        return null;
      }
      Object item = take();
      if (item == END) {
        ended = true;
        return null;
      }
      if (item instanceof RuntimeException e) {
        ended = true;
        throw e;
      }
      Pending pending = (Pending) item;
      current = result(pending.result());
      currentPermits = pending.permits();
      position = 0;
    }
  }

  private Object take() {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the face decoder", e);
    }
  }

  private static Decoded result(Future<Decoded> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the face decoder", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err; // decode() returns its exceptions; only an Error (out of memory) gets here
      }
      throw new IllegalStateException("face decoder failed", e.getCause());
    }
  }

  /** Reads the shards' blocks in order and queues each block's decoding in that order. */
  private void read(List<String> shards, Split split, int height, int width) {
    try {
      for (String shard : shards) {
        try (ShardBlocks blocks = ShardBlocks.open(shard)) {
          ShardBlocks.Block block;
          while (!closed && (block = blocks.next()) != null) {
            int permits = Math.min(block.count(), ahead);
            if (!acquire(permits)) {
              return; // closed
            }
            ShardBlocks.Block b = block;
            queue.add(new Pending(decoders.submit(() -> decode(b, split, height, width)), permits));
          }
        }
      }
      queue.add(END);
    } catch (IOException e) {
      queue.add(new UncheckedIOException(e));
    } catch (RuntimeException e) {
      queue.add(e); // when closed (decoders shut down) nobody reads it
    }
  }

  private boolean acquire(int permits) {
    try {
      while (!closed) {
        if (inFlight.tryAcquire(permits, 100, TimeUnit.MILLISECONDS)) {
          return true;
        }
        // the consumer is busy training; wait (or stop when closed)
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /**
   * One block's faces of the split, in file order; an unreadable record or undecodable face ends
   * the list and becomes its error.
   */
  private static Decoded decode(ShardBlocks.Block block, Split split, int height, int width) {
    List<Face> faces = new ArrayList<>(block.count());
    AlignedFace record = null;
    try (DataFileReader<AlignedFace> records =
        block.records(new SpecificDatumReader<>(AlignedFace.class))) {
      while (true) {
        try {
          if (!records.hasNext()) {
            break;
          }
          record = records.next(record);
        } catch (IOException | RuntimeException e) {
          throw new UncheckedIOException(ShardStream.unreadable(block.shard(), e));
        }
        if (split == null || record.getSplit() == split) {
          faces.add(new Face(pixels(record, block.shard(), height, width), record.getLabel()));
        }
      }
      return new Decoded(faces, null);
    } catch (IOException e) {
      return new Decoded(faces, new UncheckedIOException(ShardStream.unreadable(block.shard(), e)));
    } catch (RuntimeException e) {
      return new Decoded(faces, e);
    }
  }

  private static byte[] pixels(AlignedFace face, String shard, int height, int width) {
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
