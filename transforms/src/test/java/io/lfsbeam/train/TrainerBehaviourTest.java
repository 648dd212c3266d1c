package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.checkpoint.Checkpoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Determinism, BatchNorm statistics, fed loss scalars and the plain-softmax head. */
class TrainerBehaviourTest {
  private static final int CLASSES = 8;
  private static final BackboneConfig TINY_DROPOUT =
      BackboneConfig.tiny().toBuilder().dropout(0.2f).build();

  private static double[] losses(long seed, InMemoryTrainingData data) {
    List<Double> out = new ArrayList<>();
    try (Trainer t =
        Trainer.builder()
            .setBackbone(TINY_DROPOUT)
            .setLoss(TestLosses.cosFace(CLASSES, 16f, 0.2f))
            .setNumClasses(CLASSES)
            .optSeed(seed)
            .optDevice(Device.cpu())
            .build()) {
      t.fit(
          data,
          FitConfig.builder().maxSteps(6).batchSize(16).logEverySteps(1).build(),
          p -> out.add(p.loss()));
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void sameSeedGivesTheSameLossSequence() {
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 6, 112, 21);
    double[] a = losses(5, data);
    double[] b = losses(5, data);
    double[] other = losses(6, data);
    assertEquals(6, a.length);
    // TF CPU kernels may reorder float sums across threads: allow 1e-4 relative, far below the
    // differences a different seed makes.
    for (int i = 0; i < a.length; i++) {
      assertEquals(
          a[i],
          b[i],
          1e-4 * Math.abs(a[i]),
          "step " + i + ": " + Arrays.toString(a) + " vs " + Arrays.toString(b));
    }
    assertTrue(Math.abs(a[0] - other[0]) > 1e-3, "another seed starts elsewhere");
  }

  @Test
  void trainingStepsMoveBatchNormStatisticsButLossEvaluationDoesNot() {
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 4, 112, 22);
    BatchAssembler batches = new BatchAssembler(data, 16, 1, false);
    Batch batch = batches.next(data.epoch(1, 0), 0, 0);
    try (Trainer t =
        Trainer.builder()
            .setBackbone(BackboneConfig.tiny())
            .setLoss(TestLosses.cosFace(CLASSES, 16f, 0.2f))
            .setNumClasses(CLASSES)
            .optDevice(Device.cpu())
            .optOptimizer(
                SgdOptimizer.builder()
                    .setLearningRate(LearningRateSchedule.constant(1e-30))
                    .build())
            .build()) {
      Checkpoint c0 = t.checkpoint();
      float l0 = t.loss(batch);
      assertEquals(l0, t.loss(batch), 1e-6f);
      assertArrayEquals(
          c0.tensor("stem/bn/moving_mean").values(),
          t.checkpoint().tensor("stem/bn/moving_mean").values(),
          0f);
      assertEquals(0, t.step());
      t.trainStep(batch);
      Checkpoint c1 = t.checkpoint();
      assertEquals(1, t.step());
      assertFalse(
          Arrays.equals(
              c0.tensor("stem/bn/moving_mean").values(), c1.tensor("stem/bn/moving_mean").values()),
          "moving mean follows the batch");
      assertArrayEquals(
          c0.tensor("stem/bn/gamma").values(),
          c1.tensor("stem/bn/gamma").values(),
          1e-6f,
          "a vanishing learning rate leaves trained weights in place");
      assertFalse(
          c1.tensors().containsKey("stem/bn/moving_mean/momentum"),
          "moving statistics have no optimiser slot");
    }
  }

  @Test
  void lossScalarsAreFedByNameAndCanChangeBetweenSteps() {
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 4, 112, 23);
    BatchAssembler batches = new BatchAssembler(data, 16, 1, false);
    Batch batch = batches.next(data.epoch(1, 0), 0, 0);
    try (Trainer t =
        Trainer.builder()
            .setBackbone(BackboneConfig.tiny())
            .setLoss(TestLosses.cosFaceFedMargin(CLASSES, 16f, "margin"))
            .setNumClasses(CLASSES)
            .optScalarFeed("margin", 0f)
            .optDevice(Device.cpu())
            .build()) {
      float plain = t.loss(batch);
      t.setScalarFeed("margin", 0.5f);
      float margin = t.loss(batch);
      assertTrue(
          margin > plain + 1f,
          "a margin of 0.5 at s=16 raises the loss: " + plain + " -> " + margin);
      assertThrows(IllegalArgumentException.class, () -> t.setScalarFeed("other", 1f));
    }
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Trainer.builder()
                .setBackbone(BackboneConfig.tiny())
                .setLoss(TestLosses.cosFace(CLASSES, 16f, 0.2f))
                .setNumClasses(CLASSES)
                .optScalarFeed("absent", 1f)
                .optDevice(Device.cpu())
                .build());
  }

  @Test
  void plainSoftmaxHeadTrainsOnUnnormalisedLogits() {
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 8, 112, 24);
    try (Trainer t =
        Trainer.builder()
            .setBackbone(BackboneConfig.tiny())
            .setLoss(TestLosses.softmax(CLASSES))
            .setNumClasses(CLASSES)
            .optSeed(1)
            .optDevice(Device.cpu())
            .optOptimizer(
                SgdOptimizer.builder().setLearningRate(LearningRateSchedule.constant(0.05)).build())
            .build()) {
      TrainingSummary s = t.fit(data, FitConfig.builder().maxSteps(30).batchSize(16).build(), null);
      assertEquals(TrainingSummary.Status.OK, s.status());
      // chance level is ln 8 ≈ 2.08 at the start
      assertTrue(s.finalLoss() < 0.5 * Math.log(CLASSES), s.toString());
      assertTrue(t.checkpoint().tensors().containsKey("head/bias"), "the plain head has a bias");
    }
  }
}
