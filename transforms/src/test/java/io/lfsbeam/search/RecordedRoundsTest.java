package io.lfsbeam.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.report.SearchReport;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import io.lfsbeam.testing.IndependentReinforce;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a search stores is enough to check it: each round's μ follows from the previous state and
 * the round's records, and a diverged candidate is stored as the failure it is.
 */
class RecordedRoundsTest {
  @TempDir static Path tmp;
  private static String out;

  /**
   * One search for both tests. Round 2: candidate 1 trains OK but its model embeds validation faces
   * as NaN (diverged), candidate 3's loss turns NaN, candidate 4's training throws.
   */
  @BeforeAll
  static void searchWithFaults() throws Exception {
    SearchConfig c = SearchRoundsTest.config(SearchMode.SEARCH, 3);
    out = tmp.resolve("search").toString();
    SearchRoundsTest.run(
        c,
        SearchPolicies.initial(c),
        out,
        SyntheticRewardRunner.factory(Set.of("2:4"), Set.of("2:3"), Set.of("2:1")));
  }

  @Test
  void everyStoredMuIsReinforceWithAdamOverTheStoredRecords() throws Exception {
    SearchConfig c = SearchRoundsTest.config(SearchMode.SEARCH, 3);
    // round 1 starts from the initial state, which is not a file
    assertArrayEquals(
        IndependentReinforce.muAfter(
            SearchPolicies.initial(c),
            AvroFiles.read(SearchLayout.at(out).candidates(1), LossCandidate.class),
            AvroFiles.read(SearchLayout.at(out).trainResults(1), TrainResult.class),
            AvroFiles.read(SearchLayout.at(out).evalMetrics(1), EvalMetrics.class),
            0.05,
            0.5,
            0.999),
        mu(out, 1),
        1e-12);
    for (int round = 2; round <= 3; round++) {
      double[] expected = IndependentReinforce.muAfterRound(out, round, 0.05, 0.5, 0.999);
      assertArrayEquals(expected, mu(out, round), 1e-12, "mu after round " + round);
    }
    assertTrue(mu(out, 3)[0] != mu(out, 1)[0], "mu moves");
  }

  @Test
  void aDivergedModelIsANanCandidateNotAChanceReward() throws Exception {
    SearchLayout round = SearchLayout.at(out);
    List<TrainResult> r2 = AvroFiles.read(round.trainResults(2), TrainResult.class);
    assertEquals(TrainStatus.NAN, r2.get(1).getStatus());
    assertTrue(
        r2.get(1).getMessage().contains("7 of the val faces embed as NaN"), r2.get(1).getMessage());
    assertEquals(TrainStatus.NAN, r2.get(3).getStatus());
    assertEquals(TrainStatus.FAILED, r2.get(4).getStatus());
    EvalMetrics m1 =
        AvroFiles.read(round.evalMetrics(2), EvalMetrics.class).stream()
            .filter(m -> m.getCandidate().getIndex() == 1)
            .findFirst()
            .orElseThrow();
    assertEquals(7, m1.getNonFiniteEmbeddings());
    assertTrue(Double.isNaN(m1.getAccuracyMean()));
    PolicyState s2 = AvroFiles.read(round.policyState(2), PolicyState.class).get(0);
    assertEquals(3, s2.getFailedCandidates());
    assertTrue(s2.getBestCandidate().getIndex() != 1);
    // the normalisation is over the three candidates that have a reward: leaving the diverged
    // one in at any value would give another μ
    PolicyState s1 = AvroFiles.read(SearchLayout.at(out).policyState(1), PolicyState.class).get(0);
    List<LossCandidate> c2 = AvroFiles.read(round.candidates(2), LossCandidate.class);
    List<EvalMetrics> withChance =
        AvroFiles.read(round.evalMetrics(2), EvalMetrics.class).stream()
            .map(
                m ->
                    m.getCandidate().getIndex() == 1
                        ? EvalMetrics.newBuilder(m).setAccuracyMean(0.5).build()
                        : m)
            .toList();
    List<TrainResult> okAgain =
        r2.stream()
            .map(
                r ->
                    r.getCandidate().getIndex() == 1
                        ? TrainResult.newBuilder(r).setStatus(TrainStatus.OK).build()
                        : r)
            .toList();
    double chance = IndependentReinforce.muAfter(s1, c2, okAgain, withChance, 0.05, 0.5, 0.999)[0];
    assertTrue(Math.abs(chance - s2.getMu().get(0)) > 1e-6, "a chance reward would move mu else");
    String report = Files.readString(Path.of(SearchReport.write(out)));
    assertTrue(report.contains("3 failed (2 diverged: NaN loss or NaN embeddings)"), report);
    assertTrue(report.contains("embed as NaN"), report);
  }

  private static double[] mu(String out, int round) throws Exception {
    return AvroFiles.read(SearchLayout.at(out).policyState(round), PolicyState.class)
        .get(0)
        .getMu()
        .stream()
        .mapToDouble(Double::doubleValue)
        .toArray();
  }
}
