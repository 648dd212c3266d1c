package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.evaluate.Embedder;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
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
    // round 1: candidate 1's loss turns NaN, candidate 2's child JVM dies as a native crash would;
    // round 2: candidate 0's training stage throws
    EvalMetrics test =
        SearchPipeline.run(
            TestData.search(
                TestData.preprocessed(),
                out,
                "--rounds=2",
                "--candidates=3",
                "--injectFaults=1:1:nan,1:2:crash,2:0:throw"));
    List<TrainResult> r1 =
        AvroFiles.read(out + "/round-0001/train_results.avro", TrainResult.class);
    assertEquals(TrainStatus.OK, r1.get(0).getStatus());
    assertEquals(TrainStatus.NAN, r1.get(1).getStatus());
    assertNull(r1.get(1).getCheckpointUri());
    assertEquals(TrainStatus.FAILED, r1.get(2).getStatus());
    assertTrue(
        r1.get(2).getMessage().contains("134"),
        "exit code of the crashed child: " + r1.get(2).getMessage());
    List<TrainResult> r2 =
        AvroFiles.read(out + "/round-0002/train_results.avro", TrainResult.class);
    assertEquals(TrainStatus.FAILED, r2.get(0).getStatus());
    assertTrue(r2.get(0).getMessage().contains("injected fault"), r2.get(0).getMessage());
    PolicyState s1 =
        AvroFiles.read(out + "/round-0001/policy_state.avro", PolicyState.class).get(0);
    assertEquals(2, s1.getFailedCandidates());
    assertEquals(0, s1.getBestCandidate().getIndex(), "the only successful candidate of round 1");
    assertTrue(test.getAccuracyMean() > 0.5 && test.getPairs() > 0, "test metrics " + test);
    assertTrue(Files.exists(out.resolve("model/saved_model.pb")));
    try (Embedder e = Embedder.load(out.resolve("model"))) {
      assertEquals(112, e.height());
    }
    assertTrue(Files.exists(out.resolve("final/roc.tsv")));
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
}
