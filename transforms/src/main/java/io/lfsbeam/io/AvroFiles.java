package io.lfsbeam.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Reads and writes Avro container files through Beam's {@link FileSystems}, so local paths and any
 * registered scheme (gs://, s3://, hdfs://) work the same.
 *
 * <p>Writes are atomic: the file is written under a temporary name in the same folder and renamed,
 * so a reader never sees half a file and a rerun replaces rather than appends.
 */
public final class AvroFiles {
  private AvroFiles() {}

  public static <T extends SpecificRecord> void write(
      String uri, Schema schema, Collection<T> records) throws IOException {
    AvroFiles.<T>write(
        uri,
        schema,
        writer -> {
          for (T r : records) {
            writer.append(r);
          }
        });
  }

  /** What goes into a file that {@link #write(String, Schema, Body)} opened. */
  @FunctionalInterface
  public interface Body<T> {
    void fill(DataFileWriter<T> writer) throws IOException;
  }

  /** How a container file's blocks are stored. */
  public enum Blocks {
    /** Deflate level 6: records that compress (metrics, pairs, manifests, dead letters). */
    DEFLATE,
    /**
     * As encoded: records that are mostly compressed images already (face shards). Deflating shards
     * of 112×112 PNGs saved 0.3 % of their size at ~35 MB/s of one core (a quarter of the
     * alignment's CPU per face), and inflating them cost training's readers about as much again.
     */
    STORED;

    CodecFactory codec() {
      return this == DEFLATE ? CodecFactory.deflateCodec(6) : CodecFactory.nullCodec();
    }
  }

  /** As {@link #write(String, Schema, Blocks, Body)} with deflated blocks. */
  public static <T> void write(String uri, Schema schema, Body<T> body) throws IOException {
    write(uri, schema, Blocks.DEFLATE, body);
  }

  /**
   * Writes a container file the project's way ({@code blocks} compression, a sync marker derived
   * from the file name, atomic rename), letting {@code body} append the records: records or, with
   * {@link DataFileWriter#appendEncoded}, their already-encoded bytes, which give the same file.
   */
  public static <T> void write(String uri, Schema schema, Blocks blocks, Body<T> body)
      throws IOException {
    String name = FileSystems.matchNewResource(uri, false).getFilename();
    AtomicFile.write(
        uri,
        out -> {
          try (DataFileWriter<T> writer =
              new DataFileWriter<>(new SpecificDatumWriter<T>(schema))) {
            writer.setCodec(blocks.codec());
            // Avro's sync marker is random by default; derive it from the file name so that the
            // same records always give the same bytes (reruns are byte-identical, diffs stay
            // meaningful)
            writer.create(schema, out, syncMarker(name));
            body.fill(writer);
          }
        });
  }

  static byte[] syncMarker(String name) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(("lfs-beam:" + name).getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(h, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Deals {@code records} round-robin into {@code shards} files {@code
   * <prefix>-SSSSS-of-NNNNN.avro} under {@code dir} (the preprocess output's naming, with stored
   * blocks as preprocess writes its face shards) and returns their paths in order.
   */
  public static <T extends SpecificRecord> List<String> writeShards(
      String dir, String prefix, Schema schema, List<T> records, int shards) throws IOException {
    List<List<T>> perShard = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      perShard.add(new ArrayList<>());
    }
    for (int i = 0; i < records.size(); i++) {
      perShard.get(i % shards).add(records.get(i));
    }
    List<String> paths = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      String path =
          dir + "/" + String.format(Locale.ROOT, "%s-%05d-of-%05d.avro", prefix, s, shards);
      List<T> shard = perShard.get(s);
      AvroFiles.<T>write(
          path,
          schema,
          Blocks.STORED,
          w -> {
            for (T r : shard) {
              w.append(r);
            }
          });
      paths.add(path);
    }
    return paths;
  }

  public static <T extends SpecificRecord> List<T> read(String uri, Class<T> type)
      throws IOException {
    List<T> out = new ArrayList<>();
    forEach(uri, type, out::add);
    return out;
  }

  /** Streams a file's records to {@code consumer}, one at a time (constant memory). */
  public static <T extends SpecificRecord> void forEach(
      String uri, Class<T> type, Consumer<T> consumer) throws IOException {
    MatchResult.Metadata meta = FileSystems.matchSingleFileSpec(uri);
    try (InputStream in = Channels.newInputStream(FileSystems.open(meta.resourceId()));
        DataFileStream<T> stream = new DataFileStream<>(in, new SpecificDatumReader<>(type))) {
      while (stream.hasNext()) {
        consumer.accept(stream.next());
      }
    }
  }

  /**
   * Streams a file's records read with a projection of its schema: {@code reader} names the fields
   * wanted (same record name as the file's), and Avro skips the others without decoding them (e.g.
   * the face ids and identities of a face shard, not its images).
   */
  public static void forEachProjected(String uri, Schema reader, Consumer<GenericRecord> consumer)
      throws IOException {
    MatchResult.Metadata meta = FileSystems.matchSingleFileSpec(uri);
    try (InputStream in = Channels.newInputStream(FileSystems.open(meta.resourceId()));
        DataFileStream<GenericRecord> stream =
            new DataFileStream<>(in, new GenericDatumReader<>(reader))) {
      while (stream.hasNext()) {
        consumer.accept(stream.next());
      }
    }
  }

  /** Reads every file matching a glob (e.g. {@code out/faces/train-*.avro}), in file-name order. */
  public static <T extends SpecificRecord> List<T> readAll(String glob, Class<T> type)
      throws IOException {
    List<T> out = new ArrayList<>();
    for (String file : match(glob)) {
      out.addAll(read(file, type));
    }
    return out;
  }

  /** Files matching a glob, sorted; empty when none. */
  public static List<String> match(String glob) throws IOException {
    MatchResult m = FileSystems.match(glob);
    List<String> files = new ArrayList<>();
    if (m.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata md : m.metadata()) {
        files.add(md.resourceId().toString());
      }
    }
    files.sort(null);
    return files;
  }

  /** Deletes every file matching the glob (a rerun's stale shards); missing files are fine. */
  public static void deleteMatching(String glob) throws IOException {
    List<ResourceId> ids = new ArrayList<>();
    for (String f : match(glob)) {
      ids.add(FileSystems.matchNewResource(f, false));
    }
    FileSystems.delete(ids, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }
}
