package io.lfsbeam.io;

import java.io.ByteArrayOutputStream;
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
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes records into one Avro file sorted by a key, in memory that does not grow with the file:
 * each record is encoded once; while the encoded bytes stay under a budget they are kept in memory,
 * beyond it they go to a temporary spill file, and only (key, offset, length) per record is held.
 * The file is then written in key order from those bytes ({@code appendEncoded}), the same bytes
 * {@link AvroFiles#write(String, Schema, java.util.Collection)} gives for the sorted records.
 *
 * <p>Why: a preprocess shard holds every face of its split that hashes to it, tens of thousands of
 * 112×112 PNGs (~20 KB each) on a CASIA-sized set; holding them all decoded in a worker's heap made
 * the writer's memory grow with the dataset.
 */
public final class SortedAvroWriter {
  /** Encoded bytes kept in memory per file being written before spilling to disk. */
  public static final long DEFAULT_MEMORY_BUDGET = 32L << 20;

  private SortedAvroWriter() {}

  /** Result of a write: how many records, and whether they went through a spill file. */
  public record Written(long records, boolean spilled) {}

  private record Entry(String key, long offset, int length) {}

  public static <T extends SpecificRecord> Written write(
      String uri, Schema schema, Iterable<T> records, Function<T, String> sortKey)
      throws IOException {
    return write(uri, schema, records, sortKey, DEFAULT_MEMORY_BUDGET);
  }

  /** As {@link #write(String, Schema, Iterable, Function)} with an explicit memory budget. */
  public static <T extends SpecificRecord> Written write(
      String uri, Schema schema, Iterable<T> records, Function<T, String> sortKey, long budget)
      throws IOException {
    SpecificDatumWriter<T> datum = new SpecificDatumWriter<>(schema);
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(encoded, null);
    List<Entry> index = new ArrayList<>();
    ByteArrayOutputStream memory = new ByteArrayOutputStream();
    Path spillPath = null;
    OutputStream spill = null;
    long size = 0;
    try {
      for (T r : records) {
        encoded.reset();
        datum.write(r, encoder);
        encoder.flush();
        if (spill == null && size + encoded.size() > budget) {
          spillPath = Files.createTempFile("lfs-sorted-avro-", ".spill");
          spill = Files.newOutputStream(spillPath);
          writeInSlices(memory, spill);
          memory = null;
        }
        index.add(new Entry(sortKey.apply(r), size, encoded.size()));
        encoded.writeTo(spill != null ? spill : memory);
        size += encoded.size();
      }
      if (spill != null) {
        spill.close();
        spill = null;
      }
      index.sort(Comparator.comparing(Entry::key));
      if (spillPath == null) {
        ByteBuffer all = ByteBuffer.wrap(memory.toByteArray());
        AvroFiles.<T>write(
            uri,
            schema,
            w -> {
              for (Entry e : index) {
                w.appendEncoded(all.duplicate().limit(limitOf(e)).position((int) e.offset()));
              }
            });
      } else {
        Path spilled = spillPath;
        try (FileChannel in = FileChannel.open(spilled, StandardOpenOption.READ)) {
          AvroFiles.<T>write(
              uri,
              schema,
              w -> {
                for (Entry e : index) {
                  ByteBuffer b = ByteBuffer.allocate(e.length());
                  while (b.hasRemaining()) {
                    if (in.read(b, e.offset() + b.position()) < 0) {
                      throw new IOException("spill file " + spilled + " ended early");
                    }
                  }
                  w.appendEncoded(b.flip());
                }
              });
        }
      }
      return new Written(index.size(), spillPath != null);
    } finally {
      if (spill != null) {
        spill.close();
      }
      if (spillPath != null) {
        Files.deleteIfExists(spillPath);
      }
    }
  }

  private static int limitOf(Entry e) {
    return (int) (e.offset() + e.length());
  }

  /** Largest single write to a file channel; see {@link #writeInSlices}. */
  private static final int SLICE = 1 << 20;

  /**
   * Writes {@code bytes} to {@code out} 1 MB at a time. Why: a channel stream copies each write
   * into a temporary direct buffer of the write's size, which the JDK then caches per thread; one
   * 32 MB write per spilling task exhausted a Flink TaskManager's capped direct memory on 100k
   * faces ("Cannot reserve 33536037 bytes of direct buffer memory").
   */
  static void writeInSlices(ByteArrayOutputStream bytes, OutputStream out) throws IOException {
    byte[] all = bytes.toByteArray();
    for (int off = 0; off < all.length; off += SLICE) {
      out.write(all, off, Math.min(SLICE, all.length - off));
    }
  }
}
