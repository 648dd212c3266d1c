package io.lfsbeam.train;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Training faces read from {@link AlignedFace} Avro shards every epoch instead of held in the heap:
 * the shards are visited sequentially in an order shuffled per (seed, epoch), PNGs are decoded as
 * they enter a bounded shuffle buffer of K faces ({@link ShuffleBufferEpoch}), so a set of any size
 * trains in fixed memory.
 *
 * <p>Memory: K × H·W·3 bytes of decoded faces plus one shard reader (an Avro block, ~64 KB, and one
 * record), independent of the number of faces: at 112×112 that is ~37.6 KB per buffered face, 376
 * MB for the default K = 10,000, whether the set holds 100k or 10 million faces (in memory, 100k
 * faces take ~3.8 GB, see {@link InMemoryTrainingData}). The buffer belongs to an epoch, so
 * concurrent fits from one source each hold their own K faces. Measured with {@code lfs bench
 * --what=stream --streamFaces=4000 --shuffleBuffer=1000} (2 cores, loaded): 41 MB of heap held
 * mid-epoch for K = 1,000 against 143 MB for the same 4,000 faces in memory (3.6 GB per 100k).
 *
 * <p>Throughput: one thread decodes ~2,200 faces/s (the PNG decode dominates), several times what
 * the tiny backbone trains on 2 CPU cores, but short of a GPU's appetite: {@link
 * Builder#optDecodeThreads} decodes on N threads ({@link DecodeThreads} picks the default from the
 * cores TensorFlow leaves free), and the faces still come out in shard order, so the batches are
 * the same for any N. {@code lfs bench --what=stream} prints faces/s per thread count.
 *
 * <p>Cost: every epoch re-reads and re-decodes the shards (PNG decoding is the main CPU cost), and
 * opening makes one extra pass that reads only the labels (an Avro projection: image bytes are
 * skipped, not decoded) to learn the size and the classes before training starts. That pass also
 * finds an unreadable shard before any step is taken.
 *
 * <p>Shuffle quality is bounded by K: a face can come out at most K places earlier than its
 * position in the (shuffled) shard order. That order is already unrelated to identity for the
 * preprocess output (each shard is sorted by face id, a hash of the source path), so the buffer's
 * job is to vary batches from epoch to epoch; shards grouped by identity would need K well above
 * the largest identity's face count.
 */
public final class StreamedTrainingData implements TrainingSource {
  /** The default shuffle buffer: 10,000 faces, ~376 MB at 112×112. */
  public static final int DEFAULT_SHUFFLE_BUFFER = 10_000;

  private final List<String> shards;
  private final Split split;
  private final int shuffleBuffer;
  private final int decodeThreads;
  private final int size;
  private final int height;
  private final int width;
  private final int numClasses;

  private StreamedTrainingData(Builder b, Scan scan) {
    this.shards = List.copyOf(b.shards);
    this.split = b.split;
    this.shuffleBuffer = b.shuffleBuffer;
    this.decodeThreads = b.decodeThreads;
    this.size = scan.count;
    this.height = scan.height;
    this.width = scan.width;
    this.numClasses = scan.maxLabel + 1;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  public int shuffleBuffer() {
    return shuffleBuffer;
  }

  /** Threads decoding PNGs in each epoch (the order of the faces does not depend on it). */
  public int decodeThreads() {
    return decodeThreads;
  }

  public List<String> shards() {
    return shards;
  }

  /** Bytes the shuffle buffer of one epoch holds when full. */
  public long bufferBytes() {
    return (long) Math.min(shuffleBuffer, size) * imageBytes();
  }

  @Override
  public EpochImages epoch(long seed, long epoch) {
    return new ShuffleBufferEpoch(
        shards, split, shuffleBuffer, height, width, size, decodeThreads, seed, epoch);
  }

  @Override
  public String toString() {
    return "streamed "
        + size
        + " faces of "
        + numClasses
        + " classes from "
        + shards.size()
        + " shards, shuffle buffer "
        + shuffleBuffer
        + ", "
        + decodeThreads
        + " decode thread"
        + (decodeThreads == 1 ? "" : "s");
  }

  /** What the label-only pass learns. */
  private static final class Scan {
    int count;
    int maxLabel = -1;
    int height;
    int width;
  }

  /** Reads label, split and size of every record; the image bytes are skipped by the projection. */
  private static Scan scan(List<String> shards, Split split) throws IOException {
    Schema projection = projection("label", "split", "width", "height");
    Scan s = new Scan();
    for (String shard : shards) {
      try (ShardStream<GenericRecord> in =
          ShardStream.open(shard, new GenericDatumReader<>(null, projection))) {
        GenericRecord r = null;
        while (in.hasNext()) {
          r = in.next(r);
          if (split != null && !split.name().equals(r.get("split").toString())) {
            continue;
          }
          int label = (Integer) r.get("label");
          int w = (Integer) r.get("width");
          int h = (Integer) r.get("height");
          if (label < 0) {
            throw new IOException("training shard " + shard + " has a negative label " + label);
          }
          if (s.count == 0) {
            s.width = w;
            s.height = h;
          } else if (w != s.width || h != s.height) {
            throw new IOException(
                "training shard "
                    + shard
                    + " has a "
                    + w
                    + "x"
                    + h
                    + " face among "
                    + s.width
                    + "x"
                    + s.height
                    + " ones");
          }
          s.count++;
          s.maxLabel = Math.max(s.maxLabel, label);
        }
      }
    }
    return s;
  }

  /** The AlignedFace schema cut down to some fields (same record name, so Avro resolves it). */
  private static Schema projection(String... names) {
    List<Schema.Field> fields = new ArrayList<>();
    for (String n : names) {
      Schema.Field f = AlignedFace.SCHEMA$.getField(n);
      fields.add(new Schema.Field(f.name(), f.schema(), f.doc(), f.defaultVal()));
    }
    Schema full = AlignedFace.SCHEMA$;
    return Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false, fields);
  }

  /**
   * Shards (required), the split to keep (default: all records), shuffle buffer (default 10,000),
   * decode threads (default 1; {@link DecodeThreads#resolve} gives the command line's default).
   */
  public static final class Builder {
    private List<String> shards;
    private Split split;
    private int shuffleBuffer = DEFAULT_SHUFFLE_BUFFER;
    private int decodeThreads = 1;

    public Builder setShards(List<String> v) {
      shards = v;
      return this;
    }

    public Builder optSplit(Split v) {
      split = v;
      return this;
    }

    public Builder optShuffleBuffer(int v) {
      shuffleBuffer = v;
      return this;
    }

    /** Threads decoding the PNGs of an epoch; the order of the faces is the same for any count. */
    public Builder optDecodeThreads(int v) {
      decodeThreads = v;
      return this;
    }

    /** Scans the shards' labels (one pass, no image decoding). */
    public StreamedTrainingData build() throws IOException {
      if (shards == null || shards.isEmpty()) {
        throw new IllegalArgumentException("no training shards given");
      }
      if (shuffleBuffer <= 0) {
        throw new IllegalArgumentException(
            "the shuffle buffer must hold at least one face, not " + shuffleBuffer);
      }
      if (decodeThreads < 1) {
        throw new IllegalArgumentException(
            "decoding needs at least one thread, not " + decodeThreads);
      }
      Scan scan = scan(shards, split);
      if (scan.count == 0) {
        throw new IOException(
            "no "
                + (split == null ? "" : split.name().toLowerCase(Locale.ROOT) + " ")
                + "faces in the "
                + shards.size()
                + " training shards, e.g. "
                + shards.get(0));
      }
      return new StreamedTrainingData(this, scan);
    }
  }
}
