package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.checkpoint.Checkpoint;
import io.lfsbeam.train.loss.GraphLoss;
import io.lfsbeam.train.loss.GraphLosses;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the trainer gives the modern losses: their running state is updated by training steps only,
 * from the same pre-normalisation norms the run records, saved in checkpoints and restored with the
 * weights (or started fresh from a checkpoint without it); ElasticFace's draws follow the seed.
 */
class LossStateTrainingTest {
  private static final int CLASSES = 8;

  private static Trainer trainer(LossFamily family, long seed) {
    return trainer(family, seed, 0.1);
  }

  private static Trainer trainer(LossFamily family, long seed, double learningRate) {
    GraphLoss loss = GraphLosses.of(family, LossParams.newBuilder().setScale(64).build());
    return Trainer.builder()
        .setBackbone(BackboneConfig.tiny())
        .setLoss(loss)
        .setNumClasses(CLASSES)
        .optSeed(seed)
        .optDevice(Device.cpu())
        .optThreads(1)
        .optOptimizer(
            SgdOptimizer.builder()
                .setLearningRate(LearningRateSchedule.constant(learningRate))
                .build())
        .build();
  }

  private static Batch batch(InMemoryTrainingData data) {
    return new BatchAssembler(data, 16, 1, false).next(data.epoch(1, 0), 0, 0);
  }

  @Test
  void adaFaceStatisticsMoveOncePerTrainingStepFromTheRecordedNorms() {
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 4, 112, 31);
    Batch batch = batch(data);
    try (Trainer t = trainer(LossFamily.ADAFACE, 1)) {
      assertEquals(Map.of("adaface/mean", 20.0, "adaface/std", 100.0), t.lossState());
      t.loss(batch);
      assertEquals(20.0, t.lossState().get("adaface/mean"), 0.0, "evaluating moves nothing");

      EmbeddingNormWindow window = new EmbeddingNormWindow();
      t.trainStep(batch, window);
      // the batch's norms as the step saw them, from the window (every norm of one batch)
      EmbeddingNormWindow.Stats stats = window.stats();
      assertEquals(16, stats.count());
      double[] norms = normsOf(window);
      double mean =
          Arrays.stream(norms).map(v -> Math.min(Math.max(v, 0.001), 100)).average().orElseThrow();
      double ss = Arrays.stream(norms).map(v -> (v - mean) * (v - mean)).sum();
      double std = Math.sqrt(ss / (norms.length - 1));
      Map<String, Double> after = t.lossState();
      assertEquals(0.01 * mean + 0.99 * 20, after.get("adaface/mean"), 1e-4);
      assertEquals(0.01 * std + 0.99 * 100, after.get("adaface/std"), 1e-3);
    }
  }

  @Test
  void curricularFaceTravelsInCheckpointsAndStartsFreshWithoutOne() {
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 4, 112, 32);
    try (Trainer a = trainer(LossFamily.CURRICULARFACE, 1);
        Trainer b = trainer(LossFamily.CURRICULARFACE, 2);
        Trainer plain = trainer(LossFamily.NORMFACE, 1)) {
      TrainingSummary s = a.fit(data, FitConfig.builder().maxSteps(3).batchSize(16).build(), null);
      assertEquals(TrainingSummary.Status.OK, s.status());
      double t = a.lossState().get("curricularface/t");
      assertNotEquals(0.0, t, "three steps move t");
      assertEquals(Map.of("curricularface/t", t), s.lossState());
      assertNotNull(s.norms());
      Checkpoint ckpt = a.checkpoint();
      assertEquals(t, ckpt.tensor("loss/curricularface/t").values()[0], 0.0);

      b.restore(ckpt);
      assertEquals(t, b.lossState().get("curricularface/t"), 0.0, "restored with the weights");
      // a checkpoint of a loss without state (the search's shared initial weights)
      b.restore(plain.checkpoint());
      assertEquals(0.0, b.lossState().get("curricularface/t"), 0.0, "starts at t = 0");
      // and a stateless trainer ignores the state of another loss's checkpoint
      plain.restore(ckpt);
      assertTrue(plain.lossState().isEmpty());
    }
  }

  @Test
  void elasticFaceDrawsFollowTheSeedAndTheStep() {
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 4, 112, 33);
    Batch batch = batch(data);
    float first;
    try (Trainer t = trainer(LossFamily.ELASTICFACE_COS, 7, 1e-30)) {
      first = t.loss(batch);
      assertEquals(first, t.loss(batch), 1e-4 * Math.abs(first), "one step, one set of margins");
      t.trainStep(batch); // the weights stay (learning rate 1e-30), the step moves on
      float next = t.loss(batch);
      assertTrue(
          Math.abs(next - first) > 1e-3 * Math.abs(first),
          "the next step draws other margins: " + first + " vs " + next);
    }
    try (Trainer t = trainer(LossFamily.ELASTICFACE_COS, 7, 1e-30)) {
      assertEquals(first, t.loss(batch), 1e-4 * Math.abs(first), "same seed and step: same");
    }
    assertNotEquals(Trainer.drawSeed(7), Trainer.drawSeed(8));
    assertNotEquals(7, Trainer.drawSeed(7), "not the dropout stream's seed");
  }

  private static double[] normsOf(EmbeddingNormWindow window) {
    return window.values();
  }
}
