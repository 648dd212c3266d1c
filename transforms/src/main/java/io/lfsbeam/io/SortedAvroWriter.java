package io.lfsbeam.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.beam.sdk.values.KV;

/**
 * Writes records into one Avro file sorted by a key, in memory that does not grow with the file:
 * each record is encoded once; while the encoded bytes stay under a budget each record's bytes are
 * kept in memory, beyond it they go to a temporary spill file, and only (key, offset, length) per
 * record is held. The file is then written in key order from those bytes ({@code appendEncoded}),
 * the same bytes {@link AvroFiles#write(String, Schema, java.util.Collection)} gives for the sorted
 * records.
 *
 * <p>Why: a preprocess shard holds every face of its split that hashes to it, tens of thousands of
 * 112×112 PNGs (~20 KB each) on a CASIA-sized set; holding them all decoded in a worker's heap made
 * the writer's memory grow with the dataset. The in-memory part is one array per record, not one
 * growing buffer: a 32 MB buffer doubling into place (and copied whole to spill) was a humongous
 * allocation per shard for the JVM's collector.
 */
public final class SortedAvroWriter {
  /** Encoded bytes kept in memory per file being written before spilling to disk. */
  public static final long DEFAULT_MEMORY_BUDGET = 32L << 20;

  private SortedAvroWriter() {}

  /** Result of a write: how many records, and whether they went through a spill file. */
  public record Written(long records, boolean spilled) {}

  /** A record: its key and either its bytes (in memory) or where they lie in the spill file. */
  private record Entry(String key, byte[] bytes, long offset, int length) {}

  /** Encodes records of one schema as Avro's binary encoding, the bytes a container file holds. */
  public static final class Encoder<T> {
    private final SpecificDatumWriter<T> datum;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final BinaryEncoder encoder;

    public Encoder(Schema schema) {
      this.datum = new SpecificDatumWriter<>(schema);
      this.encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    }

    public byte[] encode(T record) {
      out.reset();
      try {
        datum.write(record, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot encode " + record.getClass().getSimpleName(), e);
      }
      return out.toByteArray();
    }
  }

  /**
   * Writes records already encoded ({@link Encoder}), each with its sort key, into one file in key
   * order: the same bytes as {@link AvroFiles#write(String, Schema, AvroFiles.Blocks,
   * AvroFiles.Body)} appending the decoded records sorted, without decoding them.
   */
  public static Written writeEncoded(
      String uri,
      Schema schema,
      AvroFiles.Blocks blocks,
      Iterable<KV<String, byte[]>> records,
      long budget)
      throws IOException {
    List<Entry> index = new ArrayList<>();
    Path spillPath = null;
    OutputStream spill = null;
    long size = 0;
    try {
      for (KV<String, byte[]> r : records) {
        byte[] bytes = r.getValue();
        if (spill == null && size + bytes.length > budget) {
          spillPath = Files.createTempFile("lfs-sorted-avro-", ".spill");
          spill = Files.newOutputStream(spillPath);
          for (int i = 0; i < index.size(); i++) {
            Entry e = index.get(i);
            writeInSlices(e.bytes(), spill);
            index.set(i, new Entry(e.key(), null, e.offset(), e.length()));
          }
        }
        if (spill != null) {
          writeInSlices(bytes, spill);
          index.add(new Entry(r.getKey(), null, size, bytes.length));
        } else {
          index.add(new Entry(r.getKey(), bytes, size, bytes.length));
        }
        size += bytes.length;
      }
      if (spill != null) {
        spill.close();
        spill = null;
      }
      index.sort(Comparator.comparing(Entry::key));
      if (spillPath == null) {
        AvroFiles.<Object>write(
            uri,
            schema,
            blocks,
            w -> {
              for (Entry e : index) {
                w.appendEncoded(ByteBuffer.wrap(e.bytes()));
              }
            });
      } else {
        Path spilled = spillPath;
        try (FileChannel in = FileChannel.open(spilled, StandardOpenOption.READ)) {
          AvroFiles.<Object>write(
              uri,
              schema,
              blocks,
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
