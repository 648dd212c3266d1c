package io.lfsbeam.io;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes records into Avro files named by a function of the record, each file sorted by a key.
 *
 * <p>Why not {@code AvroIO.write}: its shard assignment is random per run, so two runs of the same
 * input give files with different contents. Here a record's file is a pure function of the record
 * and the order inside is by key, so the same input always gives byte-identical files, and a rerun
 * replaces files rather than adding shards. A file's records are sorted in bounded memory ({@link
 * SortedAvroWriter} spills their encoded bytes to a temporary file beyond a budget), so a file may
 * hold any number of records.
 *
 * <p>Output: the URIs of the files written.
 */
public final class WriteSortedAvro<T extends SpecificRecord>
    extends PTransform<PCollection<T>, PCollection<String>> {
  private final Class<T> type;
  private final String directory;
  private final SerializableFunction<T, String> fileName;
  private final SerializableFunction<T, String> sortKey;
  private final AvroFiles.Blocks blocks;

  private WriteSortedAvro(
      Class<T> type,
      String directory,
      SerializableFunction<T, String> fileName,
      SerializableFunction<T, String> sortKey,
      AvroFiles.Blocks blocks) {
    this.type = type;
    this.directory = directory;
    this.fileName = fileName;
    this.sortKey = sortKey;
    this.blocks = blocks;
  }

  /**
   * Writes every record of {@code type} into {@code directory}/{@code fileName(record)}, sorted by
   * {@code sortKey}.
   */
  public static <T extends SpecificRecord> WriteSortedAvro<T> of(
      Class<T> type,
      String directory,
      SerializableFunction<T, String> fileName,
      SerializableFunction<T, String> sortKey) {
    return new WriteSortedAvro<>(type, directory, fileName, sortKey, AvroFiles.Blocks.DEFLATE);
  }

  /** The files' block compression (deflate unless set). */
  public WriteSortedAvro<T> withBlocks(AvroFiles.Blocks b) {
    return new WriteSortedAvro<>(type, directory, fileName, sortKey, b);
  }

  /**
   * Each record is encoded once, where it is keyed, and travels through the grouping as its Avro
   * bytes: the writer appends them as they are, so the grouping's coder and the writer neither
   * decode nor encode the record again (a 20 KB copy and an Avro pass per face, on every face of a
   * preprocess).
   */
  @Override
  public PCollection<String> expand(PCollection<T> input) {
    return input
        .apply("KeyByFile", ParDo.of(new EncodeFn<>(type, fileName, sortKey)))
        .setCoder(
            KvCoder.of(StringUtf8Coder.of(), KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of())))
        .apply("GroupByFile", GroupByKey.create())
        .apply("WriteFile", ParDo.of(new WriteFileFn<>(type, directory, blocks)))
        .setCoder(StringUtf8Coder.of());
  }

  /** record → (file name, (sort key, Avro bytes)). */
  private static final class EncodeFn<T extends SpecificRecord>
      extends DoFn<T, KV<String, KV<String, byte[]>>> {
    private final Class<T> type;
    private final SerializableFunction<T, String> fileName;
    private final SerializableFunction<T, String> sortKey;
    private transient SortedAvroWriter.Encoder<T> encoder;

    EncodeFn(
        Class<T> type,
        SerializableFunction<T, String> fileName,
        SerializableFunction<T, String> sortKey) {
      this.type = type;
      this.fileName = fileName;
      this.sortKey = sortKey;
    }

    @Setup
    public void setup() {
      encoder = new SortedAvroWriter.Encoder<>(SpecificData.get().getSchema(type));
    }

    @ProcessElement
    public void process(@Element T r, OutputReceiver<KV<String, KV<String, byte[]>>> out) {
      out.output(KV.of(fileName.apply(r), KV.of(sortKey.apply(r), encoder.encode(r))));
    }
  }

  private static final class WriteFileFn<T extends SpecificRecord>
      extends DoFn<KV<String, Iterable<KV<String, byte[]>>>, String> {
    private final Class<T> type;
    private final String directory;
    private final AvroFiles.Blocks blocks;
    private transient Schema schema;

    WriteFileFn(Class<T> type, String directory, AvroFiles.Blocks blocks) {
      this.type = type;
      this.directory = directory;
      this.blocks = blocks;
    }

    @Setup
    public void setup() {
      schema = SpecificData.get().getSchema(type);
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<KV<String, byte[]>>> file, OutputReceiver<String> out)
        throws Exception {
      String uri =
          directory.endsWith("/") ? directory + file.getKey() : directory + "/" + file.getKey();
      SortedAvroWriter.writeEncoded(
          uri, schema, blocks, file.getValue(), SortedAvroWriter.DEFAULT_MEMORY_BUDGET);
      out.output(uri);
    }
  }
}
