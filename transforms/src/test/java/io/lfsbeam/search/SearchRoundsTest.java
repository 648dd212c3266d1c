package io.lfsbeam.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import io.lfsbeam.testing.FastDirectRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round loop on the DirectRunner with a synthetic reward: records, policy movement, resume,
 * failures.
 */
class SearchRoundsTest {
  @TempDir Path tmp;

  static SearchConfig config(SearchMode mode, int rounds) {
    return SearchConfig.builder()
        .searchId("t")
        .mode(mode)
        .rounds(rounds)
        .candidates(6)
        .seed(11)
        .build();
  }

  /**
   * Runs rounds after {@code start} and returns the final state read back from the last round's
   * folder.
   */
  static PolicyState run(
      SearchConfig c, PolicyState start, String out, CandidateRunner.Factory runner)
      throws Exception {
    Pipeline p = Pipeline.create(FastDirectRunner.options());
    p.apply(Create.of(start).withCoder(AvroCoder.of(PolicyState.class)))
        .apply(SearchRounds.of(c, runner, out).withCompletedRounds(start.getRound()))
        .apply(FinalizeSearch.of(runner, out));
    PipelineResult.State s = p.run().waitUntilFinish();
    assertEquals(PipelineResult.State.DONE, s);
    return SearchResume.lastCompleted(out).orElseThrow();
  }

  /**
   * What the transforms cannot expand without is a factory argument: a missing one fails where the
   * transform is built, before any pipeline exists (as Beam's IOs refuse a missing setting).
   */
  @Test
  void aMissingRunnerOrOutputFailsWhereTheTransformIsBuilt() {
    SearchConfig c = config(SearchMode.SEARCH, 2);
    CandidateRunner.Factory runner = SyntheticRewardRunner.factory();
    String out = tmp.resolve("never").toString();
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> SearchRounds.of(c, null, out));
    assertTrue(e.getMessage().contains("runners"), e.getMessage());
    e = assertThrows(NullPointerException.class, () -> SearchRounds.of(c, runner, null));
    assertTrue(e.getMessage().contains("output"), e.getMessage());
    e = assertThrows(NullPointerException.class, () -> FinalizeSearch.of(runner, null));
    assertTrue(e.getMessage().contains("output"), e.getMessage());
  }

  @Test
  void searchWritesEveryRoundAndMovesMuTowardTheBetterMargin() throws Exception {
    SearchConfig c = config(SearchMode.SEARCH, 8);
    String out = tmp.resolve("search").toString();
    PolicyState end = run(c, SearchPolicies.initial(c), out, SyntheticRewardRunner.factory());
    assertEquals(8, end.getRound());
    for (int round = 1; round <= 8; round++) {
      String dir = SearchLayout.at(out).roundDir(round);
      List<LossCandidate> cs = AvroFiles.read(dir + "/candidates.avro", LossCandidate.class);
      assertEquals(6, cs.size());
      assertEquals(6, AvroFiles.read(dir + "/train_results.avro", TrainResult.class).size());
      assertEquals(6, AvroFiles.read(dir + "/eval_metrics.avro", EvalMetrics.class).size());
      assertEquals(
          round, AvroFiles.read(dir + "/policy_state.avro", PolicyState.class).get(0).getRound());
    }
    // μ starts at 0 (m_eq of the mean draw ≈ 0.05); the reward peaks at m_eq = 0.3 (|x| ≈ 0.34)
    assertTrue(Math.abs(end.getMu().get(0)) > 0.1, "mu moved: " + end.getMu());
    assertEquals(1, AvroFiles.read(out + "/final/test_metrics.avro", EvalMetrics.class).size());
  }

  @Test
  void randomModeKeepsMuFixedButBroadcastsTheBest() throws Exception {
    SearchConfig c = config(SearchMode.RANDOM, 3);
    String out = tmp.resolve("random").toString();
    PolicyState end = run(c, SearchPolicies.initial(c), out, SyntheticRewardRunner.factory());
    assertEquals(List.of(0.0), end.getMu());
    List<LossCandidate> round3 =
        AvroFiles.read(SearchLayout.at(out).roundDir(3) + "/candidates.avro", LossCandidate.class);
    PolicyState after2 =
        AvroFiles.read(SearchLayout.at(out).roundDir(2) + "/policy_state.avro", PolicyState.class)
            .get(0);
    round3.forEach(cand -> assertEquals(after2.getBestCheckpoint(), cand.getStartCheckpoint()));
  }

  @Test
  void stoppedAndResumedEqualsUninterrupted() throws Exception {
    SearchConfig c6 = config(SearchMode.SEARCH, 6);
    PolicyState whole =
        run(
            c6,
            SearchPolicies.initial(c6),
            tmp.resolve("whole").toString(),
            SyntheticRewardRunner.factory());
    String out = tmp.resolve("resumed").toString();
    SearchConfig c3 = config(SearchMode.SEARCH, 3);
    run(c3, SearchPolicies.initial(c3), out, SyntheticRewardRunner.factory());
    PolicyState after3 = SearchResume.lastCompleted(out).orElseThrow();
    assertEquals(3, after3.getRound());
    PolicyState resumed = run(c6, after3, out, SyntheticRewardRunner.factory());
    assertEquals(whole, resumed);
    assertEquals(
        AvroFiles.read(
            SearchLayout.at(tmp.resolve("whole").toString()).roundDir(5) + "/candidates.avro",
            LossCandidate.class),
        AvroFiles.read(SearchLayout.at(out).roundDir(5) + "/candidates.avro", LossCandidate.class));
  }

  @Test
  void failedCandidatesAreRecordedAndGetNoReward() throws Exception {
    SearchConfig c = config(SearchMode.SEARCH, 2);
    String out = tmp.resolve("faults").toString();
    PolicyState end =
        run(
            c,
            SearchPolicies.initial(c),
            out,
            SyntheticRewardRunner.factory(Set.of("1:2"), Set.of("1:4", "2:0")));
    List<TrainResult> r1 =
        AvroFiles.read(SearchLayout.at(out).roundDir(1) + "/train_results.avro", TrainResult.class);
    assertEquals(6, r1.size());
    assertEquals(TrainStatus.FAILED, r1.get(2).getStatus());
    assertTrue(r1.get(2).getMessage().contains("synthetic failure of 1:2"), r1.get(2).getMessage());
    assertEquals(TrainStatus.NAN, r1.get(4).getStatus());
    assertNull(r1.get(4).getCheckpointUri());
    assertEquals(
        4,
        AvroFiles.read(SearchLayout.at(out).roundDir(1) + "/eval_metrics.avro", EvalMetrics.class)
            .size());
    PolicyState s1 =
        AvroFiles.read(SearchLayout.at(out).roundDir(1) + "/policy_state.avro", PolicyState.class)
            .get(0);
    assertEquals(2, s1.getFailedCandidates());
    assertNotEquals(2, s1.getBestCandidate().getIndex());
    assertEquals(1, end.getFailedCandidates());
  }

  @Test
  void roundWhereEveryCandidateFailsStopsTheSearchWithAClearError() {
    SearchConfig c =
        SearchConfig.builder()
            .searchId("t")
            .mode(SearchMode.SEARCH)
            .rounds(2)
            .candidates(2)
            .seed(1)
            .build();
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                run(
                    c,
                    SearchPolicies.initial(c),
                    tmp.resolve("dead").toString(),
                    SyntheticRewardRunner.factory(Set.of("1:0", "1:1"), Set.of())));
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(root.getMessage().contains("round 1: every candidate failed"), root.getMessage());
  }

  @Test
  void rerunWithTheSameSeedWritesTheSameRecords() throws Exception {
    SearchConfig c = config(SearchMode.SEARCH, 3);
    run(c, SearchPolicies.initial(c), tmp.resolve("a").toString(), SyntheticRewardRunner.factory());
    run(c, SearchPolicies.initial(c), tmp.resolve("b").toString(), SyntheticRewardRunner.factory());
    for (String f :
        List.of(
            "candidates.avro", "eval_metrics.avro", "policy_state.avro", "train_results.avro")) {
      assertEquals(
          Arrays.toString(
              Files.readAllBytes(
                  Path.of(SearchLayout.at(tmp.resolve("a").toString()).roundDir(3), f))),
          Arrays.toString(
              Files.readAllBytes(
                  Path.of(SearchLayout.at(tmp.resolve("b").toString()).roundDir(3), f))),
          f);
    }
  }
}
