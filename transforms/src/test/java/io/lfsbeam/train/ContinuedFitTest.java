package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.checkpoint.Checkpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run split into rungs (successive halving: fit to step k, checkpoint, a fresh trainer restores
 * it and continues with {@link FitConfig#resumeAtStep}) ends with the weights and losses of the
 * same run trained in one go: the same batches and flips (the rung boundaries fall inside epochs),
 * the same learning-rate step (a milestone lies in the last rung), momentum and BatchNorm
 * statistics restored, dropout seeded by the same step.
 *
 * <p>Tolerance: both runs use one TensorFlow thread, so they sum floats in the same order; 1e-5
 * absolute on weights and 1e-5 relative on losses leaves room for kernel nondeterminism, while
 * restarting a rung at its epoch's first batch instead (the control) moves the weights by far more.
 */
class ContinuedFitTest {
  private static final int CLASSES = 8;
  private static final int BATCH = 16;
  private static final long EPOCH0 = 6; // a round's epochs are numbered across rounds
  private static final int EPOCHS = 3; // 48 images / 16 = 3 batches an epoch: 9 steps

  private static Trainer trainer() {
    return Trainer.builder()
        .setBackbone(BackboneConfig.tiny().toBuilder().dropout(0.2f).build())
        .setLoss(TestLosses.cosFace(CLASSES, 16f, 0.2f))
        .setNumClasses(CLASSES)
        .optSeed(11)
        .optThreads(1)
        .optOptimizer(
            SgdOptimizer.builder()
                .setLearningRate(LearningRateSchedule.multiStep(0.05, 0.1, 8))
                .optMomentum(0.9f)
                .optWeightDecay(1e-4f)
                .build())
        .optDevice(Device.cpu())
        .build();
  }

  private static FitConfig fit(long to, long from) {
    return FitConfig.builder()
        .epochs(EPOCHS)
        .maxSteps(to)
        .batchSize(BATCH)
        .logEverySteps(1)
        .startEpoch(EPOCH0)
        .resumeAtStep(from)
        .build();
  }

  /** Trains [0, 4), [4, 7), [7, 9) in three trainers; {@code resume} false restarts each at 0. */
  private static Checkpoint inRungs(
      InMemoryTrainingData data, List<Double> losses, boolean resume) {
    long[] ends = {4, 7, 0};
    Checkpoint c = null;
    long from = 0;
    for (long end : ends) {
      try (Trainer t = trainer()) {
        if (c != null) {
          t.restore(c);
        }
        TrainingSummary s = t.fit(data, fit(end, resume ? from : 0), p -> losses.add(p.loss()));
        assertEquals(TrainingSummary.Status.OK, s.status(), s.toString());
        long expected = (end == 0 ? 9 : end) - from;
        if (resume) {
          assertEquals(expected, s.steps(), "a rung counts its own steps");
        }
        c = t.checkpoint();
        from = end;
      }
    }
    return c;
  }

  private static double maxDifference(Checkpoint a, Checkpoint b) {
    double max = 0;
    for (Map.Entry<String, Checkpoint.Tensor> e : a.tensors().entrySet()) {
      float[] x = e.getValue().values();
      float[] y = b.tensor(e.getKey()).values();
      for (int i = 0; i < x.length; i++) {
        max = Math.max(max, Math.abs(x[i] - y[i]));
      }
    }
    return max;
  }

  @Test
  void continuingOverRungsEqualsOneUninterruptedRun() {
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 6, 112, 41);
    List<Double> once = new ArrayList<>();
    Checkpoint whole;
    try (Trainer t = trainer()) {
      TrainingSummary s = t.fit(data, fit(0, 0), p -> once.add(p.loss()));
      assertEquals(9, s.steps());
      whole = t.checkpoint();
    }
    List<Double> split = new ArrayList<>();
    Checkpoint rungs = inRungs(data, split, true);
    assertEquals(9, rungs.step(), "the step counter carries over");
    assertEquals(once.size(), split.size());
    for (int i = 0; i < once.size(); i++) {
      assertEquals(once.get(i), split.get(i), 1e-5 * Math.abs(once.get(i)), "step " + i);
    }
    assertEquals(whole.tensors().keySet(), rungs.tensors().keySet());
    double diff = maxDifference(whole, rungs);
    assertTrue(diff <= 1e-5, "largest weight difference " + diff);

    // the control: continuing from the checkpoint but at the epoch's first batch again
    Checkpoint restarted = inRungs(data, new ArrayList<>(), false);
    double off = maxDifference(whole, restarted);
    System.out.printf("rungs vs one run: %.3g; restarted order: %.3g%n", diff, off);
    assertTrue(off > 1e-3, "restarting the data order changes the weights by " + off);
  }
}
