package io.lfsbeam.io;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

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

  private WriteSortedAvro(
      Class<T> type,
      String directory,
      SerializableFunction<T, String> fileName,
      SerializableFunction<T, String> sortKey) {
    this.type = type;
    this.directory = directory;
    this.fileName = fileName;
    this.sortKey = sortKey;
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
    return new WriteSortedAvro<>(type, directory, fileName, sortKey);
  }

  @Override
  public PCollection<String> expand(PCollection<T> input) {
    SerializableFunction<T, String> name = fileName;
    return input
        .apply(
            "KeyByFile",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(type)))
                .via((T r) -> KV.of(name.apply(r), r)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), AvroCoder.of(type)))
        .apply("GroupByFile", GroupByKey.create())
        .apply("WriteFile", ParDo.of(new WriteFileFn<>(type, directory, sortKey)));
  }

  private static final class WriteFileFn<T extends SpecificRecord>
      extends DoFn<KV<String, Iterable<T>>, String> {
    private final Class<T> type;
    private final String directory;
    private final SerializableFunction<T, String> sortKey;
    private transient Schema schema;

    WriteFileFn(Class<T> type, String directory, SerializableFunction<T, String> sortKey) {
      this.type = type;
      this.directory = directory;
      this.sortKey = sortKey;
    }

    @Setup
    public void setup() {
      schema = SpecificData.get().getSchema(type);
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<T>> file, OutputReceiver<String> out)
        throws Exception {
      String uri =
          directory.endsWith("/") ? directory + file.getKey() : directory + "/" + file.getKey();
      SortedAvroWriter.write(uri, schema, file.getValue(), sortKey::apply);
      out.output(uri);
    }
  }
}
