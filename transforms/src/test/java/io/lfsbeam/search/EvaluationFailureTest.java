package io.lfsbeam.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A candidate whose training ends OK but whose evaluation throws is a failure with the evaluation's
 * reason (issue 25: a round once ended "every candidate failed: #0 OK", the training status, when
 * the val pairs were missing).
 */
class EvaluationFailureTest {
  @TempDir Path tmp;

  private static SearchConfig config(int rounds) {
    return SearchConfig.builder()
        .searchId("t")
        .mode(SearchMode.SEARCH)
        .rounds(rounds)
        .candidates(2)
        .seed(1)
        .build();
  }

  @Test
  void aRoundWhoseEvaluationsAllFailNamesTheEvaluationsError() {
    SearchConfig c = config(2);
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                SearchRoundsTest.run(
                    c,
                    SearchPolicies.initial(c),
                    tmp.resolve("dead").toString(),
                    SyntheticRewardRunner.evaluationFailing(Set.of("1:0", "1:1"))));
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String m = root.getMessage();
    assertTrue(m.contains("round 1: every candidate failed:"), m);
    assertTrue(
        m.contains(
            "#0 FAILED trained, but its evaluation failed: "
                + SyntheticRewardRunner.EVALUATION_FAILURE),
        m);
    assertTrue(m.contains("#1 FAILED trained, but its evaluation failed: "), m);
    assertFalse(m.contains(" OK"), "not the training's status: " + m);
  }

  @Test
  void oneFailedEvaluationIsRecordedAsAFailedCandidateWithItsReason() throws Exception {
    SearchConfig c = config(1);
    String out = tmp.resolve("one").toString();
    SearchRoundsTest.run(
        c, SearchPolicies.initial(c), out, SyntheticRewardRunner.evaluationFailing(Set.of("1:1")));
    SearchLayout layout = SearchLayout.at(out);
    List<TrainResult> results = AvroFiles.read(layout.trainResults(1), TrainResult.class);
    assertEquals(TrainStatus.OK, results.get(0).getStatus());
    assertEquals(TrainStatus.FAILED, results.get(1).getStatus());
    assertEquals(
        "trained, but its evaluation failed: " + SyntheticRewardRunner.EVALUATION_FAILURE,
        results.get(1).getMessage());
    EvalMetrics failed =
        AvroFiles.read(layout.evalMetrics(1), EvalMetrics.class).stream()
            .filter(m -> m.getCandidate().getIndex() == 1)
            .findFirst()
            .orElseThrow();
    assertEquals(SyntheticRewardRunner.EVALUATION_FAILURE, failed.getEvaluationError());
    assertTrue(Double.isNaN(failed.getAccuracyMean()));
    EvalMetrics ok =
        AvroFiles.read(layout.evalMetrics(1), EvalMetrics.class).stream()
            .filter(m -> m.getCandidate().getIndex() == 0)
            .findFirst()
            .orElseThrow();
    assertNull(ok.getEvaluationError());
    assertEquals(1, SearchResume.lastCompleted(out).orElseThrow().getFailedCandidates());
  }
}
