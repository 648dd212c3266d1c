package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.util.List;
import java.util.Map;
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

  private static TrainResult withImagesSeen(TrainResult r, Long seen) {
    return TrainResult.newBuilder(r).setImagesSeen(seen).build();
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
            withImagesSeen(result(30), 700L),
            withImagesSeen(result(12), null));
    assertEquals(700 + 12 * 32L, s.trainingImages());
    assertEquals(700L, SearchSummary.imagesSeen(withImagesSeen(result(30), 700L)));
    assertNull(SearchSummary.imagesSeen(result(30)));
  }
}
