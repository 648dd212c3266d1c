package io.lfsbeam.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
    try (SpillingSorter sorter = new SpillingSorter(budget)) {
      for (KV<String, byte[]> r : records) {
        sorter.add(r.getKey(), r.getValue());
      }
      AvroFiles.<Object>write(
          uri, schema, blocks, w -> sorter.forEachSorted((key, bytes) -> w.appendEncoded(bytes)));
      return new Written(sorter.size(), sorter.spilled());
    }
  }

  /** Writes {@code bytes} 1 MB at a time ({@link SpillingSorter#writeInSlices}). */
  static void writeInSlices(byte[] all, OutputStream out) throws IOException {
    SpillingSorter.writeInSlices(all, out);
  }
}
