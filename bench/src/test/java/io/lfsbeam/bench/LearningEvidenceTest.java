package io.lfsbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.train.backbone.BackboneConfig;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Evidence that training learns faces rather than the training set: {@code tiny} trains with
 * CosFace on 50 synthetic identities (10 images each, hardest nuisances) and is scored on 40 others
 * it never saw (LFW 10-fold protocol, identity-disjoint folds, pairs over those 40 only), against
 * the same network before its first step.
 *
 * <p>The budget is in steps (250 of batch 64, about 36 epochs; about a minute on 2 cores), so the
 * work is the same on any machine. Everything derives from the seed: faces, pairs, initial weights,
 * data order and flips. TensorFlow's multi-threaded CPU kernels may reorder float sums, so the
 * trained accuracy is reproducible to within about a percent, not bit for bit: the bars leave room.
 *
 * <p>Held-out people cost only rendering and one embedding each, so there are many of them: with 20
 * (two per fold) the untrained figure swung from 0.73 to 0.85 between seeds, with 40 it stays near
 * 0.79.
 */
class LearningEvidenceTest {
  private static final SyntheticSplit.Spec FACES = new SyntheticSplit.Spec(50, 40, 10, 30, 1.0);
  private static final LossTrial.Budget BUDGET =
      new LossTrial.Budget(BackboneConfig.tiny(), 250, 64, 7, 0);

  /*
   * Bars, from what this set-up measured with seeds 2, 3 and 7 (7 is the test's): untrained
   * 0.787–0.793, trained 0.938–0.950, gain 0.145–0.162 (verification error cut to about a quarter).
   * An untrained random network is far from chance on synthetic faces (its features still see skin
   * tone, hair and face shape), so "above chance" would prove nothing; the gain over the same
   * initial weights is the evidence. Trained ≥ 0.85 and a gain ≥ 0.10 keep about a third of the
   * measured gain in reserve for float reordering and seed-to-seed spread, yet fail if training
   * stops generalising: memorising the 50 training people without learning face features leaves
   * the 40 unseen ones near the untrained figure.
   */
  private static final double TRAINED_BAR = 0.85;
  private static final double GAIN_BAR = 0.10;

  @Test
  void trainingTinyWithCosFaceRaisesHeldOutVerificationWellAboveTheUntrainedNetwork() {
    SyntheticSplit data = SyntheticSplit.make(FACES, BUDGET.seed());
    LossTrial.Outcome o = LossTrial.run("cosface", data, BUDGET);
    assertTrue(o.ok(), () -> "training failed: " + o.training());
    double before = o.untrained().meanAccuracy();
    double after = o.trained().meanAccuracy();
    System.out.printf(
        Locale.ROOT,
        "held-out accuracy: untrained %.4f ± %.4f, trained %.4f ± %.4f"
            + " after %d steps in %.1f s (loss %.3f -> %.3f)%n",
        before,
        o.untrained().stdAccuracy(),
        after,
        o.trained().stdAccuracy(),
        o.training().steps(),
        o.trainSeconds(),
        o.training().firstLoss(),
        o.training().finalLoss());

    assertEquals(BUDGET.steps(), o.training().steps(), "the budget is a step count");
    assertEquals(10, o.trained().foldCount());
    assertTrue(after >= TRAINED_BAR, "trained held-out accuracy " + after + " < " + TRAINED_BAR);
    assertTrue(
        after - before >= GAIN_BAR,
        "gain " + (after - before) + " over the untrained " + before + " < " + GAIN_BAR);
  }
}
