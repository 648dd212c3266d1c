package io.lfsbeam.bench;

import io.lfsbeam.metrics.VerificationResult;
import io.lfsbeam.search.FixedLoss;
import io.lfsbeam.search.policy.GaussianPolicy;
import io.lfsbeam.search.runner.CandidateLosses;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.FitConfig;
import io.lfsbeam.train.LearningRateSchedule;
import io.lfsbeam.train.SgdOptimizer;
import io.lfsbeam.train.Trainer;
import io.lfsbeam.train.TrainingSummary;
import io.lfsbeam.train.backbone.BackboneConfig;

/**
 * One loss on one budget: build a trainer from the seed, score its untrained weights on the
 * held-out pairs, train a fixed number of optimiser steps, score again. Budgets are in steps, not
 * wall-clock, so the same seed does the same work on a fast or a busy machine.
 *
 * <p>Optimiser: SGD, momentum 0.9, weight decay 1e-4 (METHOD.md §3), learning rate 0.1 with a short
 * linear warm-up and a cosine decay to 0.001 over the budget — a short run ends at a small rate
 * instead of stopping mid-oscillation, which otherwise makes the final accuracy a coin toss.
 */
public final class LossTrial {
  /** How to train: the same for every loss of a comparison. */
  public record Budget(BackboneConfig backbone, long steps, int batchSize, long seed, int threads) {
    public Budget {
      if (steps < 1 || batchSize < 2 || threads < 0) {
        throw new IllegalArgumentException("steps ≥ 1, batch ≥ 2 and threads ≥ 0 are required");
      }
    }

    LearningRateSchedule schedule() {
      long warmup = Math.min(50, Math.max(1, steps / 10));
      return LearningRateSchedule.cosine(0.1, steps, 0.001).withWarmup(warmup, 0.1);
    }
  }

  /**
   * What one loss reached: accuracy before and after, the training run, and its wall time. {@code
   * trained} is null when training did not finish OK (a NaN loss): a diverging loss is a result to
   * report, not a reason to lose the other losses' figures.
   */
  public record Outcome(
      String loss,
      VerificationResult untrained,
      VerificationResult trained,
      TrainingSummary training,
      double trainSeconds) {
    public boolean ok() {
      return trained != null;
    }
  }

  /** Scale s of the normalised losses (METHOD.md §1). */
  public static final double SCALE = GaussianPolicy.DEFAULT_SCALE;

  private LossTrial() {}

  /** Trains {@code lossName} (see {@link FixedLoss#NAMES}, every parameter at its default). */
  public static Outcome run(String lossName, SyntheticSplit data, Budget budget) {
    FixedLoss loss = FixedLoss.named(lossName, SCALE);
    Trainer.Builder b =
        Trainer.builder()
            .setBackbone(budget.backbone())
            .setLoss(
                CandidateLosses.of(
                    loss.family(),
                    // SphereFace's λ reaches its floor within this budget, as in search/compare
                    loss.params(
                        SCALE,
                        FixedLoss.sphereFloorStep(
                            budget.steps(), FixedLoss.DEFAULT_SPHERE_ANNEAL_FRACTION))))
            .setNumClasses(data.train().numClasses())
            .optSeed(budget.seed())
            .optDevice(Device.cpu())
            .optOptimizer(SgdOptimizer.builder().setLearningRate(budget.schedule()).build());
    if (budget.threads() > 0) {
      b.optThreads(budget.threads());
    }
    try (Trainer trainer = b.build()) {
      VerificationResult before = HeldOutVerification.measure(trainer, data.heldOut());
      long start = System.nanoTime();
      TrainingSummary s =
          trainer.fit(
              data.train(),
              FitConfig.builder()
                  .maxSteps(budget.steps())
                  .batchSize(budget.batchSize())
                  .flip(true)
                  .logEverySteps(Math.max(1, (int) (budget.steps() / 10)))
                  .build(),
              null);
      double seconds = (System.nanoTime() - start) / 1e9;
      // after a NaN step the weights are unusable, so there is nothing to score
      VerificationResult after =
          s.status() == TrainingSummary.Status.OK
              ? HeldOutVerification.measure(trainer, data.heldOut())
              : null;
      return new Outcome(lossName, before, after, s, seconds);
    }
  }
}
