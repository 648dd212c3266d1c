package io.lfsbeam.search.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lfsbeam.train.DecodeThreads;
import org.junit.jupiter.api.Test;

class TrainSettingsTest {
  @Test
  void smallSetsTrainEnoughStepsPerRoundLargeOnesKeepTheirEpochs() {
    TrainSettings s =
        TrainSettings.builder().epochsPerRound(1).batchSize(64).minStepsPerRound(30).build();
    // ORL: 200 faces = 3 batches per epoch, so 10 epochs reach 30 steps
    assertEquals(10, s.effectiveEpochsPerRound(200));
    // CASIA-sized: one epoch is ~7,700 steps already
    assertEquals(1, s.effectiveEpochsPerRound(494_414));
    // a set smaller than one batch still counts one step per epoch
    assertEquals(30, s.effectiveEpochsPerRound(10));
  }

  @Test
  void aStepCapOrNoMinimumLeavesTheEpochsAlone() {
    assertEquals(
        1,
        TrainSettings.builder()
            .epochsPerRound(1)
            .minStepsPerRound(0)
            .build()
            .effectiveEpochsPerRound(200));
    assertEquals(
        0,
        TrainSettings.builder()
            .epochsPerRound(0)
            .stepsPerRound(5)
            .build()
            .effectiveEpochsPerRound(200));
    assertEquals(
        2,
        TrainSettings.builder()
            .epochsPerRound(2)
            .stepsPerRound(5)
            .build()
            .effectiveEpochsPerRound(200));
    assertThrows(
        IllegalArgumentException.class, () -> TrainSettings.builder().minStepsPerRound(-1).build());
  }

  @Test
  void trainDataDefaultsToAutoAndEveryModeWorksWithChildProcesses() {
    TrainSettings d = TrainSettings.builder().build();
    assertEquals(TrainSettings.TrainData.AUTO, d.trainData());
    assertEquals(10_000, d.shuffleBuffer());
    assertEquals("auto", d.describe().get("trainData"));
    assertEquals(DecodeThreads.AUTO, d.decodeThreads(), "resolved on the worker, not here");
    assertEquals("auto", d.describe().get("decodeThreads"));
    assertEquals(
        "3", TrainSettings.builder().decodeThreads(3).build().describe().get("decodeThreads"));
    assertThrows(
        IllegalArgumentException.class, () -> TrainSettings.builder().decodeThreads(-1).build());
    assertThrows(
        IllegalArgumentException.class, () -> TrainSettings.builder().shuffleBuffer(0).build());
    for (TrainSettings.TrainData mode : TrainSettings.TrainData.values()) {
      assertEquals(
          mode,
          TrainSettings.builder()
              .trainData(mode)
              .isolation(TrainSettings.Isolation.CHILD_PROCESS)
              .build()
              .trainData());
    }
  }
}
