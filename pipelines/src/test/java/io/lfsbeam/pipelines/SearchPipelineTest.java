package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.evaluate.Embedder;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.ConfigChange;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import io.lfsbeam.search.ResumeCheck;
import io.lfsbeam.search.policy.CandidateSeeds;
import io.lfsbeam.testing.IndependentReinforce;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real search (TensorFlow, tiny backbone) on synthetic faces, with injected faults. */
class SearchPipelineTest {
  @TempDir Path tmp;

  @Test
  void faultsAreRecordedAndTheSearchFinishesWithAModel() throws Exception {
    Path out = tmp.resolve("search");
    // round 1: candidate 1's loss turns NaN, candidate 2's child JVM dies as a native crash would,
    // candidate 3 trains OK but its saved weights are NaN (a model that diverged without a NaN
    // loss); round 2: candidate 0's training stage throws
    EvalMetrics test =
        SearchPipeline.run(
            TestData.search(
                TestData.preprocessed(),
                out,
                "--rounds=2",
                "--candidates=4",
                "--injectFaults=1:1:nan,1:2:crash,1:3:diverged,2:0:throw"));
    List<TrainResult> r1 =
        AvroFiles.read(out + "/round-0001/train_results.avro", TrainResult.class);
    assertEquals(TrainStatus.OK, r1.get(0).getStatus());
    assertEquals(TrainStatus.NAN, r1.get(1).getStatus());
    assertNull(r1.get(1).getCheckpointUri());
    assertEquals(TrainStatus.FAILED, r1.get(2).getStatus());
    assertTrue(
        r1.get(2).getMessage().contains("134"),
        "exit code of the crashed child: " + r1.get(2).getMessage());
    // the diverged model is a NAN candidate, not a chance-level reward from zero embeddings
    assertEquals(TrainStatus.NAN, r1.get(3).getStatus());
    assertTrue(r1.get(3).getMessage().contains("embed as NaN"), r1.get(3).getMessage());
    EvalMetrics diverged =
        AvroFiles.read(out + "/round-0001/eval_metrics.avro", EvalMetrics.class).stream()
            .filter(m -> m.getCandidate().getIndex() == 3)
            .findFirst()
            .orElseThrow();
    assertTrue(diverged.getNonFiniteEmbeddings() > 0, diverged.toString());
    assertTrue(Double.isNaN(diverged.getAccuracyMean()));
    List<TrainResult> r2 =
        AvroFiles.read(out + "/round-0002/train_results.avro", TrainResult.class);
    assertEquals(TrainStatus.FAILED, r2.get(0).getStatus());
    assertTrue(r2.get(0).getMessage().contains("injected fault"), r2.get(0).getMessage());
    PolicyState s1 =
        AvroFiles.read(out + "/round-0001/policy_state.avro", PolicyState.class).get(0);
    assertEquals(3, s1.getFailedCandidates());
    assertEquals(0, s1.getBestCandidate().getIndex(), "the only successful candidate of round 1");
    // round 2's μ follows from round 1's state and round 2's records (3 rewards, 1 failure)
    PolicyState s2 =
        AvroFiles.read(out + "/round-0002/policy_state.avro", PolicyState.class).get(0);
    assertEquals(
        IndependentReinforce.muAfterRound(out.toString(), 2, 0.05, 0.5, 0.999)[0],
        s2.getMu().get(0),
        1e-12);
    assertTrue(s2.getMu().get(0) != s1.getMu().get(0), "three rewards move mu");
    assertTrue(
        Files.readString(out.resolve("report.md")).contains("4 failed (2 diverged"),
        "the report counts the NaN loss and the NaN model");
    assertTrue(test.getAccuracyMean() > 0.5 && test.getPairs() > 0, "test metrics " + test);
    assertTrue(Files.exists(out.resolve("model/saved_model.pb")));
    try (Embedder e = Embedder.load(out.resolve("model"))) {
      assertEquals(112, e.height());
    }
    assertTrue(Files.exists(out.resolve("final/roc.tsv")));
  }

  /**
   * A rerun into an output recorded under another seed is refused before anything is written;
   * allowed, it continues under the new seed and the change is in the policy state and the report.
   */
  @Test
  void aResumeWithAnotherSeedIsRefusedUnlessTheChangeIsAllowedAndRecorded() throws Exception {
    Path data = TestData.preprocessed();
    Path out = tmp.resolve("resume");
    SearchPipeline.run(TestData.search(data, out, "--rounds=1", "--candidates=2"));
    String recorded = Files.readString(out.resolve("search_config.tsv"));
    assertTrue(recorded.contains("seed\t5\n"), recorded);

    ResumeCheck.ConfigChangeRefusedException refused =
        assertThrows(
            ResumeCheck.ConfigChangeRefusedException.class,
            () ->
                SearchPipeline.run(
                    TestData.search(data, out, "--rounds=2", "--candidates=2", "--seed=6")));
    assertTrue(refused.getMessage().contains("seed (5 -> 6)"), refused.getMessage());
    assertTrue(refused.getMessage().contains("after round 1"), refused.getMessage());
    assertFalse(Files.exists(out.resolve("round-0002")), "nothing of round 2 was written");
    assertEquals(recorded, Files.readString(out.resolve("search_config.tsv")));

    SearchPipeline.run(
        TestData.search(
            data, out, "--rounds=2", "--candidates=2", "--seed=6", "--allowConfigChange"));
    PolicyState s2 =
        AvroFiles.read(out + "/round-0002/policy_state.avro", PolicyState.class).get(0);
    assertEquals(
        List.of(
            ConfigChange.newBuilder()
                .setRound(2)
                .setKey("seed")
                .setBefore("5")
                .setAfter("6")
                .build()),
        s2.getConfigChanges());
    assertEquals(6, s2.getSeed());
    assertEquals("6", s2.getConfig().get("seed"));
    for (LossCandidate c :
        AvroFiles.read(out + "/round-0002/candidates.avro", LossCandidate.class)) {
      assertEquals(CandidateSeeds.trainingSeed(6, 2, c.getIndex()), c.getSeed());
    }
    String report = Files.readString(out.resolve("report.md"));
    assertTrue(report.contains("Changed on resume"), report);
    // the same command again is not a change: it resumes (nothing left to train), no refusal
    SearchPipeline.run(TestData.search(data, out, "--rounds=2", "--candidates=2", "--seed=6"));
    assertFalse(Files.exists(out.resolve("round-0003")));
    assertEquals(
        s2.getConfigChanges(),
        AvroFiles.read(out + "/round-0002/policy_state.avro", PolicyState.class)
            .get(0)
            .getConfigChanges());
    assertTrue(
        report.matches("(?s).*\\|\\s*2\\s*\\|\\s*seed\\s*\\|\\s*5\\s*\\|\\s*6\\s*\\|.*"), report);
  }

  /**
   * Child JVMs with a streamed split read the same shards; nothing is decoded into a shared copy.
   */
  @Test
  void childProcessesStreamTheTrainSplit() throws Exception {
    Path out = tmp.resolve("child-stream");
    SearchPipeline.run(
        TestData.search(
            TestData.preprocessed(),
            out,
            "--rounds=1",
            "--candidates=2",
            "--isolation=child-process",
            "--trainData=stream",
            "--shuffleBuffer=16"));
    List<TrainResult> r = AvroFiles.read(out + "/round-0001/train_results.avro", TrainResult.class);
    assertEquals(2, r.size());
    for (TrainResult t : r) {
      assertEquals(TrainStatus.OK, t.getStatus(), String.valueOf(t.getMessage()));
      assertEquals(4, t.getSteps());
    }
    assertFalse(Files.exists(out.resolve("cache")), "no decoded copy of the split was written");
  }

  /**
   * Successive halving with TensorFlow: 4 candidates, η = 2, 2 rungs over a 4-step round (rungs end
   * at 2 and 4 steps). Each round's records count 4 x 2 + 2 x 2 = 12 steps; the two that continued
   * trained 4 steps, their checkpoints step 4 of the round on top of the broadcast start; in round
   * 2 one candidate's child JVM hangs and is killed at its timeout, a FAILED candidate.
   */
  @Test
  void halvingRoundsCountEachCandidatesStepsAndAHungChildFails() throws Exception {
    Path out = tmp.resolve("halving");
    SearchPipeline.run(
        TestData.search(
            TestData.preprocessed(),
            out,
            "--rounds=2",
            "--candidates=4",
            "--halvingRate=2",
            "--rungs=2",
            "--childTimeoutMinSeconds=3",
            "--injectFaults=2:3:hang"));
    long startStep = 0;
    for (int round = 1; round <= 2; round++) {
      List<TrainResult> rs =
          AvroFiles.read(
              out + String.format("/round-%04d/train_results.avro", round), TrainResult.class);
      assertEquals(4, rs.size());
      long total = 0;
      int finished = 0;
      for (TrainResult r : rs) {
        total += r.getSteps();
        assertEquals(2, r.getRungs());
        if (r.getStatus() != TrainStatus.OK) {
          continue;
        }
        assertEquals(r.getRungReached() == 1 ? 4 : 2, r.getSteps(), r.toString());
        assertEquals(r.getSteps() * 16, r.getImagesSeen());
        assertTrue(r.getTrainingSeconds() > 0);
        assertEquals(r.getRungReached() + 1, r.getRungScores().size());
        // the checkpoint's step counter: the broadcast start plus the steps of this round
        assertEquals(
            startStep + r.getSteps(),
            io.lfsbeam.train.checkpoint.CheckpointIO.read(r.getCheckpointUri()).step());
        finished += r.getRungReached();
      }
      PolicyState s =
          AvroFiles.read(
                  out + String.format("/round-%04d/policy_state.avro", round), PolicyState.class)
              .get(0);
      if (round == 1) {
        assertEquals(12, total);
        assertEquals(2, finished, "two candidates trained the whole round");
      } else {
        TrainResult hung = rs.get(3);
        assertEquals(TrainStatus.FAILED, hung.getStatus());
        assertTrue(hung.getMessage().contains("killed as hung"), hung.getMessage());
        assertEquals(0, hung.getSteps());
        assertEquals(1, s.getFailedCandidates());
      }
      startStep = io.lfsbeam.train.checkpoint.CheckpointIO.read(s.getBestCheckpoint()).step();
      assertEquals(4 * round, startStep, "the best trained the whole round");
    }
    String report = Files.readString(out.resolve("report.md"));
    assertTrue(report.contains("## Successive halving"), report);
  }
}
