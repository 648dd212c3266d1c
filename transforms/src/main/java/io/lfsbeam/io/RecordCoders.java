package io.lfsbeam.io;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.SchemaCoder;

/**
 * The coder of every PCollection of lfs-beam records ({@code io.lfsbeam.schemas}): Beam's schema
 * coder derived from the record's Avro schema ({@link AvroUtils#schemaCoder(Class)}), so the
 * PCollections the transforms return carry a Beam schema and {@code Select}, {@code Group}, {@code
 * Convert} and Beam SQL apply to them as they are.
 *
 * <p>Why not {@code AvroCoder}: a PCollection has a schema only when its coder is a {@link
 * SchemaCoder}. The schema coder costs no more per face than {@code AvroCoder} (both ~5 µs to
 * encode and decode a face with its ~20 KB image, far below the ~2 ms of aligning it), and files
 * are written from the records, not from coder bytes, so outputs are unchanged.
 */
public final class RecordCoders {
  private static final Map<Class<?>, SchemaCoder<?>> CODERS = new ConcurrentHashMap<>();

  private RecordCoders() {}

  /** The schema coder of a generated Avro record class. */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> SchemaCoder<T> of(Class<T> record) {
    return (SchemaCoder<T>) CODERS.computeIfAbsent(record, AvroUtils::schemaCoder);
  }
}
