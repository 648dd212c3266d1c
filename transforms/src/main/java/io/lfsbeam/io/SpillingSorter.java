package io.lfsbeam.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Byte records sorted by a string key in memory that does not grow with their bytes: while the
 * bytes added stay under a budget each record's array is kept, beyond it every record goes to a
 * temporary spill file and only (key, offset, length) per record is held. {@link #forEachSorted}
 * then hands the records back in key order (equal keys in the order they were added), reading
 * spilled ones from the file. Close it to delete the spill file.
 *
 * <p>Why: a shard of aligned faces holds tens of thousands of ~20 KB PNGs on a CASIA-sized set;
 * holding them in a worker's heap made its memory grow with the dataset. The in-memory part is one
 * array per record, not one growing buffer (a 32 MB buffer doubling into place was a humongous
 * allocation per shard for the JVM's collector).
 */
public final class SpillingSorter implements AutoCloseable {
  /** A record: its key and either its bytes (in memory) or where they lie in the spill file. */
  private record Entry(String key, byte[] bytes, long offset, int length, int order) {}

  /** What {@link #forEachSorted} calls per record. */
  @FunctionalInterface
  public interface Visitor {
    void accept(String key, ByteBuffer bytes) throws IOException;
  }

  private final long budget;
  private final List<Entry> index = new ArrayList<>();
  private Path spillPath;
  private OutputStream spill;
  private long size;

  public SpillingSorter(long budget) {
    this.budget = budget;
  }

  /** Adds a record; the array is kept as it is (not copied) until it is spilled. */
  public void add(String key, byte[] bytes) throws IOException {
    if (spill == null && size + bytes.length > budget) {
      spillPath = Files.createTempFile("lfs-sorted-", ".spill");
      spill = Files.newOutputStream(spillPath);
      for (int i = 0; i < index.size(); i++) {
        Entry e = index.get(i);
        writeInSlices(e.bytes(), spill);
        index.set(i, new Entry(e.key(), null, e.offset(), e.length(), e.order()));
      }
    }
    if (spill != null) {
      writeInSlices(bytes, spill);
      index.add(new Entry(key, null, size, bytes.length, index.size()));
    } else {
      index.add(new Entry(key, bytes, size, bytes.length, index.size()));
    }
    size += bytes.length;
  }

  public int size() {
    return index.size();
  }

  /** Whether the records went through a spill file. */
  public boolean spilled() {
    return spillPath != null;
  }

  /**
   * Hands every record to {@code visitor} in key order; a record's buffer is valid for the call.
   */
  public void forEachSorted(Visitor visitor) throws IOException {
    if (spill != null) {
      spill.close();
      spill = null;
    }
    index.sort(Comparator.comparing(Entry::key).thenComparingInt(Entry::order));
    if (spillPath == null) {
      for (Entry e : index) {
        visitor.accept(e.key(), ByteBuffer.wrap(e.bytes()));
      }
      return;
    }
    try (FileChannel in = FileChannel.open(spillPath, StandardOpenOption.READ)) {
      for (Entry e : index) {
        ByteBuffer b = ByteBuffer.allocate(e.length());
        while (b.hasRemaining()) {
          if (in.read(b, e.offset() + b.position()) < 0) {
            throw new IOException("spill file " + spillPath + " ended early");
          }
        }
        visitor.accept(e.key(), b.flip());
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (spill != null) {
        spill.close();
        spill = null;
      }
    } finally {
      if (spillPath != null) {
        Files.deleteIfExists(spillPath);
      }
    }
  }

  /** Largest single write to a file channel; see {@link #writeInSlices}. */
  private static final int SLICE = 1 << 20;

  /**
   * Writes {@code bytes} to {@code out} 1 MB at a time. Why: a channel stream copies each write
   * into a temporary direct buffer of the write's size, which the JDK then caches per thread; one
   * 32 MB write per spilling task exhausted a Flink TaskManager's capped direct memory on 100k
   * faces ("Cannot reserve 33536037 bytes of direct buffer memory"), and one record may be large.
   */
  static void writeInSlices(byte[] all, OutputStream out) throws IOException {
    for (int off = 0; off < all.length; off += SLICE) {
      out.write(all, off, Math.min(SLICE, all.length - off));
    }
  }
}
