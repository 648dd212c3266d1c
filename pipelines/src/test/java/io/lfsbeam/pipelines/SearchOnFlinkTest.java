package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search on Flink's embedded mini-cluster (parallelism 2): candidates train at the same time on
 * different slots, and the records equal the DirectRunner's for the same seed (paths aside).
 */
class SearchOnFlinkTest {
  @TempDir Path tmp;

  @Test
  void candidatesTrainInParallelAndRecordsMatchTheDirectRunner() throws Exception {
    Path data = TestData.preprocessed();
    Path direct = tmp.resolve("direct");
    Path flink = tmp.resolve("flink");
    SearchPipeline.run(
        TestData.search(data, direct, "--rounds=2", "--candidates=4", "--searchId=same"));
    SearchPipeline.run(
        TestData.search(
            data,
            flink,
            "--rounds=2",
            "--candidates=4",
            "--searchId=same",
            "--runner=FlinkRunner",
            "--flinkMaster=[local]",
            "--parallelism=2"));

    for (int round = 1; round <= 2; round++) {
      String r = String.format("round-%04d/", round);
      List<TrainResult> fr =
          AvroFiles.read(flink + "/" + r + "train_results.avro", TrainResult.class);
      assertEquals(4, fr.size());
      boolean overlap = false;
      StringBuilder spans = new StringBuilder();
      for (TrainResult a : fr) {
        spans.append(' ').append(a.getStartMillis()).append('-').append(a.getEndMillis());
        for (TrainResult b : fr) {
          overlap |=
              a != b
                  && a.getStartMillis() < b.getEndMillis()
                  && b.getStartMillis() < a.getEndMillis();
        }
      }
      assertTrue(
          overlap, "round " + round + ": no two candidates trained at the same time:" + spans);
      assertSame(direct, flink, r + "candidates.avro", LossCandidate.class);
      assertSame(direct, flink, r + "eval_metrics.avro", EvalMetrics.class);
      assertSame(direct, flink, r + "policy_state.avro", PolicyState.class);
      List<TrainResult> dr =
          AvroFiles.read(direct + "/" + r + "train_results.avro", TrainResult.class);
      for (int i = 0; i < 4; i++) {
        assertEquals(dr.get(i).getStatus(), fr.get(i).getStatus());
        assertEquals(dr.get(i).getSteps(), fr.get(i).getSteps());
        assertEquals(
            dr.get(i).getFinalLoss(), fr.get(i).getFinalLoss(), "final loss of candidate " + i);
      }
    }
    assertSame(direct, flink, "final/test_metrics.avro", EvalMetrics.class);
  }

  /** Records equal once each run's own output folder is taken out of the checkpoint URIs. */
  private static <T extends SpecificRecord> void assertSame(
      Path direct, Path flink, String file, Class<T> type) throws Exception {
    List<String> d =
        AvroFiles.read(direct + "/" + file, type).stream()
            .map(x -> x.toString().replace(direct.toString(), "OUT"))
            .toList();
    List<String> f =
        AvroFiles.read(flink + "/" + file, type).stream()
            .map(x -> x.toString().replace(flink.toString(), "OUT"))
            .toList();
    assertEquals(d, f, file);
  }
}
