package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.train.backbone.BackboneConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTrainingTest {
  private static final int CLASSES = 8;

  @Test
  void tinyBackboneLearnsASyntheticTaskWithCosFace() {
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 24, 112, 1);
    List<TrainingProgress> reports = new ArrayList<>();
    SgdOptimizer sgd =
        SgdOptimizer.builder()
            .setLearningRate(LearningRateSchedule.cosine(0.1, 100, 0.001).withWarmup(5, 0.1))
            .build();
    try (Trainer trainer =
        Trainer.builder()
            .setBackbone(BackboneConfig.tiny())
            .setLoss(TestLosses.cosFace(CLASSES, 16f, 0.2f))
            .setNumClasses(CLASSES)
            .optSeed(3)
            .optOptimizer(sgd)
            .optDevice(Device.cpu())
            .build()) {
      TrainingSummary s =
          trainer.fit(
              data,
              FitConfig.builder().epochs(100).maxSteps(100).batchSize(32).logEverySteps(10).build(),
              reports::add);
      System.out.println(s);
      assertEquals(TrainingSummary.Status.OK, s.status(), s.toString());
      assertEquals(100, s.steps());
      assertEquals(100, trainer.step());
      assertEquals(
          100.0 / 6, s.epochs(), 1e-9, "192 images in batches of 32 are 6 steps per epoch");
      assertEquals(16, trainer.epochsCompleted(), "only whole epochs count");
      assertEquals(10, reports.size());
      assertEquals(s.firstLoss(), reports.get(0).loss(), 1e-9);
      assertEquals(s.finalLoss(), reports.get(9).loss(), 1e-9);
      assertTrue(s.finalLoss() < 0.3 * s.firstLoss(), "loss should fall by more than 70%: " + s);
      assertTrue(s.imagesPerSecond() > 0);
      assertEquals("cpu", s.device());
    }
  }

  @Test
  void nonFiniteLossStopsTheRunWithStatusNan() {
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 4, 112, 2);
    try (Trainer trainer =
        Trainer.builder()
            .setBackbone(BackboneConfig.tiny())
            .setLoss(TestLosses.nanFromStep(CLASSES, 3))
            .setNumClasses(CLASSES)
            .optSeed(3)
            .optDevice(Device.cpu())
            .build()) {
      TrainingSummary s =
          trainer.fit(
              data, FitConfig.builder().maxSteps(50).batchSize(16).logEverySteps(1).build(), null);
      assertEquals(TrainingSummary.Status.NAN, s.status());
      assertEquals(4, s.steps(), "steps 0..2 are finite, step 3 is NaN and ends the run");
      assertTrue(s.message().contains("step 3"), s.message());
      assertTrue(Double.isFinite(s.firstLoss()));
    }
  }
}
