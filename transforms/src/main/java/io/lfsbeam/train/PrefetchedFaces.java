package io.lfsbeam.train;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The faces of a split in shard order, decoded by {@code threads} background threads and handed out
 * in exactly the order of the files, up to about {@code ahead} faces ahead of the consumer.
 *
 * <p>Why: decoding takes ~0.45 ms a face on one thread (2,200 faces/s, {@code lfs bench
 * --what=stream}, on deflated shards, where inflating the blocks cost as much as decoding the PNG),
 * time in which the device would otherwise sit idle; a GPU trains thousands of faces per second, so
 * one thread cannot feed it.
 *
 * <p>How: each decoder thread in turn takes the next Avro block of the shards, still compressed,
 * under a lock ({@link ShardBlocks}: it only moves bytes, a few percent of the work) and, still
 * under the lock, appends a pending result for it to the consumer's queue; then it decodes the
 * block (decompress, Avro records, PNGs) outside the lock and completes that result. The queue is
 * in file order whichever thread finishes first, so the shuffle that consumes these faces gives the
 * same batches for any {@code threads}. There is no separate reader thread: N decoders use N cores,
 * and one decoder does what one thread did before.
 *
 * <p>Memory: up to {@code ahead} faces in flight (each its block's bytes, then its decoded pixels:
 * 64 × 37.6 KB ≈ 2.4 MB at 112×112), counted by the records of the blocks queued, plus the block
 * being handed out. A read or decode error reaches the consumer as the same exception, naming the
 * shard (and face), after the faces that preceded it.
 */
final class PrefetchedFaces implements AutoCloseable {
  /** A decoded face: RGB bytes and label. */
  record Face(byte[] pixels, int label) {}

  /** Name prefix of the decoder threads. */
  static final String DECODER_THREAD = "lfs-face-decoder-";

  private static final Object END = new Object();

  /** A block's faces in file order, and the error that cut it short (null when none). */
  private record Decoded(List<Face> faces, RuntimeException error) {}

  /** A block being decoded and the faces it counts against {@code ahead}. */
  private record Pending(CompletableFuture<Decoded> result, int permits) {}

  private final List<String> shards;
  private final Split split;
  private final int height;
  private final int width;
  private final int ahead;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Semaphore inFlight;
  private final List<Thread> decoders = new ArrayList<>();
  private volatile boolean closed;

  /** Guards the reading position: the open shard, the next shard, and whether reading ended. */
  private final Object readLock = new Object();

  private ShardBlocks open;
  private int nextShard;
  private boolean readingEnded;

  // the consumer's state (its thread only)
  private boolean ended;
  private Decoded current;
  private int currentPermits;
  private int position;

  PrefetchedFaces(List<String> shards, Split split, int height, int width, int ahead, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("decode threads must be at least 1, not " + threads);
    }
    this.shards = List.copyOf(shards);
    this.split = split;
    this.height = height;
    this.width = width;
    this.ahead = Math.max(1, ahead);
    this.inFlight = new Semaphore(this.ahead);
    for (int i = 1; i <= threads; i++) {
      Thread t = new Thread(this::decodeLoop, DECODER_THREAD + i);
      t.setDaemon(true);
      decoders.add(t);
    }
    decoders.forEach(Thread::start);
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
      throw new IllegalStateException("interrupted while waiting for the face decoders", e);
    }
  }

  private static Decoded result(CompletableFuture<Decoded> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the face decoders", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err; // decode() returns its exceptions; only an Error (out of memory) gets here
      }
      throw new IllegalStateException("face decoder failed", e.getCause());
    }
  }

  /** A decoder thread: take the next block in file order, queue its slot, decode it, repeat. */
  private void decodeLoop() {
    while (true) {
      ShardBlocks.Block block;
      CompletableFuture<Decoded> slot = new CompletableFuture<>();
      synchronized (readLock) {
        if (readingEnded || closed) {
          return;
        }
        try {
          block = nextBlock();
        } catch (IOException e) {
          endReading(new UncheckedIOException(e));
          return;
        } catch (RuntimeException e) {
          endReading(e);
          return;
        }
        if (block == null) {
          endReading(END);
          return;
        }
        int permits = Math.min(block.count(), ahead);
        if (!acquire(permits)) {
          return; // closed
        }
        queue.add(new Pending(slot, permits));
      }
      try {
        slot.complete(decode(block, split, height, width));
      } catch (Error e) {
        slot.completeExceptionally(e);
        throw e;
      }
    }
  }

  /** The next block of the shards in order, opening the next shard as one ends; null at the end. */
  private ShardBlocks.Block nextBlock() throws IOException {
    while (true) {
      if (open == null) {
        if (nextShard >= shards.size()) {
          return null;
        }
        open = ShardBlocks.open(shards.get(nextShard++));
      }
      ShardBlocks.Block block = open.next();
      if (block != null) {
        return block;
      }
      closeShard();
    }
  }

  /** Under the read lock: no more blocks; the consumer gets {@code last} after the queued ones. */
  private void endReading(Object last) {
    readingEnded = true;
    queue.add(last);
    try {
      closeShard();
    } catch (IOException e) {
      // the shard was read to its end or failed already: nothing left to report
    }
  }

  private void closeShard() throws IOException {
    ShardBlocks s = open;
    open = null;
    if (s != null) {
      s.close();
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

  /** Stops the decoders and waits for them, then closes the open shard. */
  @Override
  public void close() {
    closed = true;
    decoders.forEach(Thread::interrupt);
    try {
      for (Thread t : decoders) {
        t.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (readLock) {
      try {
        closeShard();
      } catch (IOException e) {
        // closing after a stop: nothing to report to
      }
    }
  }
}
