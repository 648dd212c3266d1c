package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Images seen: a per-candidate count when the records have one, else steps × batch size. */
class SearchSummaryImagesTest {
  private static TrainResult result(long steps) {
    LossCandidate c =
        LossCandidate.newBuilder()
            .setSearchId("s")
            .setRound(1)
            .setIndex(0)
            .setSeed(1)
            .setFamily(LossFamily.COSFACE)
            .setParams(LossParams.newBuilder().setScale(32).setM2(0.35).build())
            .setPolicySample(List.of())
            .build();
    return TrainResult.newBuilder()
        .setCandidate(c)
        .setStatus(TrainStatus.OK)
        .setSteps(steps)
        .setEpochs(1)
        .setDevice("cpu")
        .setStartMillis(0)
        .setEndMillis(1)
        .setWallMillis(1)
        .build();
  }

  /**
   * A TrainResult as a later schema writes it, with an {@code imagesSeen} field (what halving adds
   * for candidates stopped early): the record class of this build has no such field, so this stands
   * in for it with the field appended to the schema.
   */
  static final class WithImagesSeen extends TrainResult {
    static final Schema SCHEMA;

    static {
      List<Schema.Field> fields = new ArrayList<>();
      for (Schema.Field f : TrainResult.getClassSchema().getFields()) {
        fields.add(new Schema.Field(f, f.schema()));
      }
      fields.add(
          new Schema.Field(
              SearchSummary.IMAGES_SEEN,
              Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.LONG)),
              "images seen",
              Schema.Field.NULL_DEFAULT_VALUE));
      SCHEMA =
          Schema.createRecord(
              "TrainResult", null, TrainResult.getClassSchema().getNamespace(), false, fields);
    }

    private final Long imagesSeen;

    WithImagesSeen(TrainResult base, Long imagesSeen) {
      super(
          base.getCandidate(),
          base.getStatus(),
          base.getMessage(),
          base.getSteps(),
          base.getEpochs(),
          base.getFirstLoss(),
          base.getFinalLoss(),
          base.getImagesPerSecond(),
          base.getDevice(),
          base.getCheckpointUri(),
          base.getStartMillis(),
          base.getEndMillis(),
          base.getWallMillis());
      this.imagesSeen = imagesSeen;
    }

    @Override
    public Schema getSchema() {
      return SCHEMA;
    }

    @Override
    public Object get(int field) {
      return field == SCHEMA.getField(SearchSummary.IMAGES_SEEN).pos()
          ? imagesSeen
          : super.get(field);
    }
  }

  private static SearchSummary summary(Map<String, String> config, TrainResult... results) {
    RoundRecords round = new RoundRecords(1, List.of(), List.of(results), List.of(), null);
    SearchRun run = new SearchRun("/run", config, List.of(round), List.of(), Map.of(), false);
    return SearchSummary.of(run);
  }

  @Test
  void stepsTimesTheBatchWithoutACount() {
    // 30 + 12 steps of 32 images
    assertEquals(
        (30 + 12) * 32L,
        summary(Map.of("batchSize", "32"), result(30), result(12)).trainingImages());
    assertNull(summary(Map.of(), result(30)).trainingImages(), "no batch size recorded");
  }

  /** A recorded count wins; a result without one (null) falls back to steps × batch. */
  @Test
  void aRecordedCountIsRead() {
    SearchSummary s =
        summary(
            Map.of("batchSize", "32"),
            new WithImagesSeen(result(30), 700L),
            new WithImagesSeen(result(12), null));
    assertEquals(700 + 12 * 32L, s.trainingImages());
    assertEquals(700L, SearchSummary.imagesSeen(new WithImagesSeen(result(30), 700L)));
    assertNull(SearchSummary.imagesSeen(result(30)));
  }
}
