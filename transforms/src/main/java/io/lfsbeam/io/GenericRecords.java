package io.lfsbeam.io;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.PCollection;

/**
 * lfs-beam records as Avro generic records of the same schema, for the sinks that take {@link
 * GenericRecord}s, such as Beam's {@code ParquetIO.sink(schema)}:
 *
 * <pre>{@code
 * embeddings.apply(GenericRecords.of(FaceEmbedding.class))
 *     .apply(FileIO.<GenericRecord>write().via(ParquetIO.sink(FaceEmbedding.getClassSchema()))
 *         .to("/warehouse/embeddings").withSuffix(".parquet"));
 * }</pre>
 *
 * <p>Why a copy: a generated record holds Java enums where Avro's generic writers expect enum
 * symbols, so writing it through a generic data model fails on its first enum field.
 */
public final class GenericRecords<T extends SpecificRecord>
    extends PTransform<PCollection<T>, PCollection<GenericRecord>> {
  private final Class<T> type;

  private GenericRecords(Class<T> type) {
    this.type = type;
  }

  public static <T extends SpecificRecord> GenericRecords<T> of(Class<T> type) {
    return new GenericRecords<>(type);
  }

  @Override
  public PCollection<GenericRecord> expand(PCollection<T> records) {
    Schema schema = SpecificData.get().getSchema(type);
    return records
        .apply("ToGeneric", MapElements.via(new ToGeneric<T>(schema.toString())))
        .setCoder(AvroCoder.of(schema));
  }

  /** The schema travels as JSON: Avro's {@link Schema} is not serializable. */
  private static final class ToGeneric<T extends SpecificRecord>
      extends SimpleFunction<T, GenericRecord> {
    private final String schemaJson;
    private transient Schema schema;

    ToGeneric(String schemaJson) {
      this.schemaJson = schemaJson;
    }

    @Override
    public GenericRecord apply(T record) {
      if (schema == null) {
        schema = new Schema.Parser().parse(schemaJson);
      }
      return (GenericRecord) GenericData.get().deepCopy(schema, record);
    }
  }
}
