package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import io.lfsbeam.train.checkpoint.Checkpoint;
import io.lfsbeam.train.checkpoint.CheckpointIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A population search with AdaFace on synthetic faces: its running statistics are saved in the
 * candidates' checkpoints and broadcast with the best candidate's weights to the next round, and
 * the report shows the steps, norms and state.
 */
class ModernLossSearchTest {
  private static final int STEPS = 6;

  @TempDir Path tmp;

  @Test
  void adaFaceStateTravelsWithTheBroadcastWeights() throws Exception {
    Path out = tmp.resolve("adaface");
    SearchPipeline.run(
        TestData.search(
            TestData.preprocessed(),
            out,
            "--mode=population",
            "--loss=adaface",
            "--rounds=2",
            "--candidates=2",
            "--stepsPerRound=" + STEPS));
    PolicyState s1 =
        AvroFiles.read(out + "/round-0001/policy_state.avro", PolicyState.class).get(0);
    TrainResult best1 =
        AvroFiles.read(out + "/round-0001/train_results.avro", TrainResult.class).stream()
            .filter(r -> r.getCandidate().getIndex() == s1.getBestCandidate().getIndex())
            .findFirst()
            .orElseThrow();
    assertEquals(LossFamily.ADAFACE, best1.getCandidate().getFamily());
    double sigma1 = best1.getLossState().get("adaface/std");
    assertNotNull(best1.getNormMedian(), "norms recorded");
    Checkpoint ckpt = CheckpointIO.read(s1.getBestCheckpoint());
    assertEquals(sigma1, ckpt.tensor("loss/adaface/std").values()[0], 0.0, "in the checkpoint");

    List<TrainResult> r2 =
        AvroFiles.read(out + "/round-0002/train_results.avro", TrainResult.class);
    assertEquals(2, r2.size());
    for (TrainResult r : r2) {
      assertEquals(TrainStatus.OK, r.getStatus());
      assertEquals(s1.getBestCheckpoint(), r.getCandidate().getStartCheckpoint());
      // σ starts at 100 and decays by 0.99 per step towards the batches' std (a few units): six
      // steps from a fresh 100 cannot go below 100·0.99^6 = 94.1; continuing from round 1's σ
      // (itself about that) they end near 0.99^6·σ1 + 0.06·std, below it
      double sigma2 = r.getLossState().get("adaface/std");
      double fresh = 100 * Math.pow(0.99, STEPS);
      assertTrue(sigma1 < 100, "round 1 moved sigma: " + sigma1);
      assertTrue(sigma2 < fresh, "round 2 continued from round 1: " + sigma2 + " vs " + fresh);
    }
    String report = Files.readString(out.resolve("report.md"));
    assertTrue(report.contains("**" + 2 * STEPS + " optimiser steps**"), report);
    assertTrue(report.contains("adaface/std"), report);
    assertTrue(report.contains("AdaFace's running mean starts at μ₀ = 20"), report);
  }
}
