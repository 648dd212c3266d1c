package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundTimingTest {
  private static TrainResult trained(int index, long start, long end) {
    LossCandidate c =
        LossCandidate.newBuilder()
            .setSearchId("t")
            .setRound(1)
            .setIndex(index)
            .setFamily(LossFamily.MODULATED)
            .setParams(LossParams.newBuilder().setA(-1.0).build())
            .setSeed(1)
            .build();
    return TrainResult.newBuilder()
        .setCandidate(c)
        .setStatus(TrainStatus.OK)
        .setSteps(10)
        .setEpochs(1)
        .setDevice("cpu")
        .setStartMillis(start)
        .setEndMillis(end)
        .setWallMillis(end - start)
        .build();
  }

  @Test
  void overlappingCandidatesCountOnceInTheBusyTime() {
    long t = 1_000_000;
    // [0,10] and [5,15] overlap → 15 s busy; [20,30] → 10 more; a gap of 5 s between
    List<TrainResult> rs =
        List.of(
            trained(0, t, t + 10_000),
            trained(1, t + 5_000, t + 15_000),
            trained(2, t + 20_000, t + 30_000));
    RoundTiming fromTimings = RoundTiming.of(rs, 40.0);
    assertEquals(30.0, fromTimings.trainingSeconds());
    assertEquals(10.0, fromTimings.slowestSeconds());
    assertEquals(25.0, fromTimings.busySeconds());
    assertEquals(15.0, fromTimings.nonTrainingSeconds());
    assertEquals(1.2, fromTimings.parallelism(), 1e-15);
    assertTrue(fromTimings.wallFromTimings());

    RoundTiming span = RoundTiming.of(rs, null);
    assertEquals(30.0, span.roundWallSeconds(), "first start to last end");
    assertEquals(5.0, span.nonTrainingSeconds(), "the gap between the candidates");
    assertFalse(span.wallFromTimings());
  }

  @Test
  void nestedAndTouchingIntervals() {
    List<long[]> iv =
        List.of(
            new long[] {0, 100}, new long[] {10, 20}, new long[] {100, 150}, new long[] {200, 200});
    assertEquals(150, RoundTiming.unionMillis(iv));
  }

  @Test
  void noResults() {
    RoundTiming t = RoundTiming.of(List.of(), null);
    assertNull(t.roundWallSeconds());
    assertNull(t.parallelism());
    assertNull(t.nonTrainingSeconds());
  }
}
