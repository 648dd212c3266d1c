package io.lfsbeam.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Files written with an older schema stay readable: every field added later carries a default. */
class SchemaEvolutionTest {

  static Stream<Schema> stageRecords() {
    return Stream.of(
        FaceImage.SCHEMA$,
        AlignedFace.SCHEMA$,
        DeadLetter.SCHEMA$,
        DatasetManifest.SCHEMA$,
        VerificationPair.SCHEMA$,
        LossCandidate.SCHEMA$,
        TrainResult.SCHEMA$,
        EvalMetrics.SCHEMA$,
        PolicyState.SCHEMA$,
        FaceEmbedding.SCHEMA$,
        MethodComparison.SCHEMA$);
  }

  @Test
  void fileFromTheFirstTrainResultSchemaReadsWithTheCurrentClass() throws IOException {
    Schema old;
    try (InputStream in = getClass().getResourceAsStream("/v0/TrainResult.avsc")) {
      old = new Schema.Parser().parse(in);
    }
    GenericRecord params =
        new GenericData.Record(old.getField("candidate").schema().getField("params").schema());
    params.put("scale", 32.0);
    params.put("m2", 0.35);
    params.put("a", -12.5);
    Schema candSchema = old.getField("candidate").schema();
    GenericRecord cand = new GenericData.Record(candSchema);
    cand.put("searchId", "s1");
    cand.put("round", 3);
    cand.put("index", 5);
    cand.put(
        "family", new GenericData.EnumSymbol(candSchema.getField("family").schema(), "MODULATED"));
    cand.put("params", params);
    cand.put("seed", 99L);
    GenericRecord rec = new GenericData.Record(old);
    rec.put("candidate", cand);
    rec.put("status", new GenericData.EnumSymbol(old.getField("status").schema(), "NAN"));
    rec.put("steps", 120L);
    rec.put("epochs", 1.5);
    rec.put("device", "cpu");
    rec.put("startMillis", 1000L);
    rec.put("endMillis", 3000L);
    rec.put("wallMillis", 2000L);

    List<TrainResult> read = roundTrip(old, List.of(rec), TrainResult.class);
    TrainResult r = read.get(0);
    assertEquals(TrainStatus.NAN, r.getStatus());
    assertEquals(120L, r.getSteps());
    assertEquals("cpu", r.getDevice());
    assertEquals(LossFamily.MODULATED, r.getCandidate().getFamily());
    assertEquals(-12.5, r.getCandidate().getParams().getA());
    assertEquals(0.35, r.getCandidate().getParams().getM2());
    // fields that came later take their declared defaults
    assertEquals(1.0, r.getCandidate().getParams().getM1());
    assertTrue(r.getCandidate().getPolicySample().isEmpty());
    assertNull(r.getCandidate().getStartCheckpoint());
    assertNull(r.getMessage());
    assertNull(r.getCheckpointUri());
    assertEquals(0.0, r.getImagesPerSecond());
  }

  /**
   * For every record: drop each field that has a default (an "older" writer), write, read with the
   * current class.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("stageRecords")
  void olderWriterWithoutDefaultedFieldsIsReadable(Schema current) throws IOException {
    Schema older = withoutDefaultedFields(current);
    assertTrue(older.getFields().size() <= current.getFields().size());
    List<GenericRecord> written = new ArrayList<>();
    for (Object o : new RandomData(older, 20, 42L)) {
      written.add((GenericRecord) o);
    }
    Class<? extends SpecificRecord> type = SpecificData.get().getClass(current);
    List<? extends SpecificRecord> read = roundTrip(older, written, type);
    assertEquals(written.size(), read.size());
    for (int i = 0; i < read.size(); i++) {
      SpecificRecord r = read.get(i);
      for (Schema.Field f : current.getFields()) {
        Object got = r.get(f.pos());
        if (older.getField(f.name()) == null) {
          assertEquals(
              SpecificData.get().getDefaultValue(f),
              got,
              current.getName() + "." + f.name() + " default");
        } else {
          assertEquals(
              norm(written.get(i).get(f.name())), norm(got), current.getName() + "." + f.name());
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stageRecords")
  void everyFieldIsDocumented(Schema schema) {
    assertFalse(
        schema.getDoc() == null || schema.getDoc().isBlank(), schema.getName() + " has no doc");
    for (Schema.Field f : schema.getFields()) {
      assertFalse(
          f.doc() == null || f.doc().isBlank(), schema.getName() + "." + f.name() + " has no doc");
    }
  }

  /**
   * Generic and specific values in one comparable form: maps sorted, strings as String, records as
   * field lists.
   */
  private static Object norm(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> sorted = new TreeMap<>();
      m.forEach((k, x) -> sorted.put(k.toString(), norm(x)));
      return sorted;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(SchemaEvolutionTest::norm).toList();
    }
    if (v instanceof IndexedRecord r) {
      List<Object> fields = new ArrayList<>();
      for (int i = 0; i < r.getSchema().getFields().size(); i++) {
        fields.add(norm(r.get(i)));
      }
      return fields;
    }
    if (v instanceof ByteBuffer b) {
      return HexFormat.of()
          .formatHex(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
    }
    return v == null ? null : v.toString();
  }

  private static Schema withoutDefaultedFields(Schema s) {
    List<Schema.Field> kept = new ArrayList<>();
    for (Schema.Field f : s.getFields()) {
      if (!f.hasDefaultValue()) {
        kept.add(new Schema.Field(f, f.schema()));
      }
    }
    return Schema.createRecord(s.getName(), s.getDoc(), s.getNamespace(), false, kept);
  }

  private static <T> List<T> roundTrip(Schema writer, List<GenericRecord> records, Class<T> type)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(writer))) {
      w.create(writer, bytes);
      for (GenericRecord r : records) {
        w.append(r);
      }
    }
    List<T> out = new ArrayList<>();
    try (DataFileReader<T> r =
        new DataFileReader<>(
            new SeekableByteArrayInput(bytes.toByteArray()), new SpecificDatumReader<>(type))) {
      while (r.hasNext()) {
        out.add(r.next());
      }
    }
    return out;
  }
}
