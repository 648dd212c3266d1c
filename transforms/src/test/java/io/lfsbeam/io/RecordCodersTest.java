package io.lfsbeam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.FaceEmbedding;
import io.lfsbeam.schemas.FaceImage;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.MethodComparison;
import io.lfsbeam.schemas.PairScore;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.VerificationPair;
import java.io.ByteArrayOutputStream;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every record travels through its schema coder unchanged, and the Beam schema has the Avro
 * schema's fields: random records of each schema (Avro's own {@link RandomData}: nulls, unions,
 * nested records, maps, enums, bytes) are the oracle.
 */
class RecordCodersTest {
  @ParameterizedTest
  @ValueSource(
      classes = {
        AlignedFace.class,
        DatasetManifest.class,
        DeadLetter.class,
        EvalMetrics.class,
        FaceEmbedding.class,
        FaceImage.class,
        LossCandidate.class,
        MethodComparison.class,
        PairScore.class,
        PolicyState.class,
        TrainResult.class,
        VerificationPair.class
      })
  void randomRecordsRoundTripAndTheSchemaHasTheAvroFields(Class<? extends SpecificRecord> type)
      throws Exception {
    roundTrip(type);
  }

  private static <T extends SpecificRecord> void roundTrip(Class<T> type) throws Exception {
    Schema avro = SpecificData.get().getSchema(type);
    SchemaCoder<T> coder = RecordCoders.of(type);
    assertEquals(
        avro.getFields().stream().map(Schema.Field::name).collect(Collectors.toList()),
        coder.getSchema().getFieldNames());
    int n = 0;
    for (Object generic : new RandomData(avro, 25, 7L)) {
      T record = specific(avro, generic, type);
      T back = CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, record));
      assertEquals(record, back, type.getSimpleName() + " #" + n);
      n++;
    }
    assertEquals(25, n);
  }

  /** A generic record as the generated class reads it (Avro's own binary encoding between). */
  private static <T> T specific(Schema schema, Object generic, Class<T> type) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<Object>(schema).write(generic, enc);
    enc.flush();
    return new SpecificDatumReader<>(type)
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
  }
}
