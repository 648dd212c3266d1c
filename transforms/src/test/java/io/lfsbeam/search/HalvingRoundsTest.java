package io.lfsbeam.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Successive halving on the DirectRunner with {@link RungRewardRunner}: who continues, what the
 * records count, the round's best, every mode, failures, and a resume after a kill in the middle of
 * a halving round. The expected survivors come from the fake's score function evaluated here, not
 * from the code under test.
 */
class HalvingRoundsTest {
  /** 8 candidates, η = 2, 3 rungs over a 40-step round: rungs end at 10, 20, 40 steps. */
  static SearchConfig config(SearchMode mode, int rounds) {
    SearchConfig.Builder b =
        SearchConfig.builder()
            .searchId("h")
            .mode(mode)
            .rounds(rounds)
            .candidates(8)
            .seed(5)
            .initialMu(0.5)
            .halving(2, 3)
            .roundSteps(40);
    if (mode == SearchMode.POPULATION) {
      b.fixedLoss(LossFamily.COSFACE, 1, 0.35, 0);
    }
    return b.build();
  }

  @TempDir Path tmp;

  private static List<TrainResult> results(String out, int round) throws Exception {
    List<TrainResult> rs =
        new ArrayList<>(
            AvroFiles.read(SearchLayout.at(out).trainResults(round), TrainResult.class));
    rs.sort(Comparator.comparingInt(r -> r.getCandidate().getIndex()));
    return rs;
  }

  /** The survivors of each cut, computed from the fake's score function: indices by rung. */
  private static List<Set<Integer>> expectedRungs(List<LossCandidate> cs) {
    long[] ends = {10, 20, 40};
    int[] keep = {8, 4, 2};
    List<Set<Integer>> reached = new ArrayList<>();
    List<LossCandidate> in = new ArrayList<>(cs);
    for (int k = 0; k < 3; k++) {
      reached.add(Set.copyOf(in.stream().map(LossCandidate::getIndex).toList()));
      long steps = ends[k];
      in.sort(
          Comparator.comparingDouble((LossCandidate c) -> -RungRewardRunner.score(c, steps))
              .thenComparingInt(LossCandidate::getIndex));
      if (k < 2) {
        in = new ArrayList<>(in.subList(0, keep[k + 1]));
      }
    }
    return reached;
  }

  @Test
  void theBestHalfContinuesFromItsOwnCheckpointAndTheRecordsCountWhatEachTrained()
      throws Exception {
    SearchConfig c = config(SearchMode.SEARCH, 2);
    String out = tmp.resolve("s").toString();
    PolicyState end =
        SearchRoundsTest.run(c, SearchPolicies.initial(c), out, RungRewardRunner.factory(out));
    assertEquals(2, end.getRound());
    for (int round = 1; round <= 2; round++) {
      List<LossCandidate> cs =
          AvroFiles.read(SearchLayout.at(out).candidates(round), LossCandidate.class);
      List<Set<Integer>> reached = expectedRungs(cs);
      List<TrainResult> rs = results(out, round);
      assertEquals(8, rs.size(), "one result per candidate");
      assertEquals(
          8, AvroFiles.read(SearchLayout.at(out).evalMetrics(round), EvalMetrics.class).size());
      long total = 0;
      for (TrainResult r : rs) {
        int i = r.getCandidate().getIndex();
        int rung = reached.get(2).contains(i) ? 2 : reached.get(1).contains(i) ? 1 : 0;
        long steps = new long[] {10, 20, 40}[rung];
        assertEquals(TrainStatus.OK, r.getStatus(), String.valueOf(r.getMessage()));
        assertEquals(rung, r.getRungReached(), "candidate " + i);
        assertEquals(3, r.getRungs());
        assertEquals(steps, r.getSteps(), "a stopped candidate counts what it trained");
        assertEquals(steps * RungRewardRunner.BATCH, r.getImagesSeen());
        assertEquals(steps / 1000.0, r.getTrainingSeconds(), 1e-12);
        assertEquals(steps, r.getWallMillis(), "wall time summed over the rungs");
        assertEquals(List.of(10L, 20L, 40L).subList(0, rung + 1), r.getRungSteps());
        assertEquals(rung + 1, r.getRungScores().size());
        for (int k = 0; k <= rung; k++) {
          assertEquals(
              RungRewardRunner.score(r.getCandidate(), new long[] {10, 20, 40}[k]),
              r.getRungScores().get(k),
              1e-12);
        }
        total += r.getSteps();
      }
      // 8 x 10 + 4 x 10 + 2 x 20 steps instead of 8 x 40
      assertEquals(160, total);
      assertEquals(160, SuccessiveHalving.roundSteps(c.rungPlan()));
      // the round's best: the better of the two that trained the whole round, scored at 40 steps
      PolicyState state =
          AvroFiles.read(SearchLayout.at(out).policyState(round), PolicyState.class).get(0);
      LossCandidate best =
          cs.stream()
              .filter(x -> reached.get(2).contains(x.getIndex()))
              .max(Comparator.comparingDouble(x -> RungRewardRunner.score(x, 40)))
              .orElseThrow();
      assertEquals(best.getIndex(), state.getBestCandidate().getIndex());
      assertEquals(RungRewardRunner.score(best, 40), state.getBestReward(), 1e-12);
      assertEquals(
          SearchLayout.at(out).candidateCheckpoint(round, best.getIndex()),
          state.getBestCheckpoint());
      // superseded rung checkpoints are gone once the state is written; stopped ones stay
      for (TrainResult r : rs) {
        int i = r.getCandidate().getIndex();
        for (int k = 0; k < 3; k++) {
          boolean exists =
              Files.exists(Path.of(SearchLayout.at(out).candidateCheckpoint(round, i, k, 3)));
          assertEquals(k == r.getRungReached(), exists, "round " + round + " #" + i + " rung " + k);
        }
      }
    }
  }

  /**
   * The report's halving section: the compute line, and per round Spearman's ρ between rung 1 and
   * rung 2 among the 4 candidates that trained the whole round, here ranked by hand from the fake's
   * score function (1 − 6Σd²/(n(n² − 1)), no ties).
   */
  @Test
  void theReportShowsTheComputeSavedAndEachRoundsRungFidelity() throws Exception {
    SearchConfig c = config(SearchMode.SEARCH, 2).toBuilder().halving(2, 2).build();
    String out = tmp.resolve("report").toString();
    SearchRoundsTest.run(c, SearchPolicies.initial(c), out, RungRewardRunner.factory(out));
    String report = Files.readString(Path.of(io.lfsbeam.report.SearchReport.write(out)));
    assertTrue(report.contains("## Successive halving"), report);
    // per round 8 x 20 + 4 x 20 = 240 of 8 x 40 = 320 steps
    assertTrue(report.contains("trained **480** candidate steps, 75.0 % of the 640"), report);
    for (int round = 1; round <= 2; round++) {
      List<LossCandidate> cs =
          new ArrayList<>(
              AvroFiles.read(SearchLayout.at(out).candidates(round), LossCandidate.class));
      cs.sort(
          Comparator.comparingDouble((LossCandidate x) -> -RungRewardRunner.score(x, 20))
              .thenComparingInt(LossCandidate::getIndex));
      List<LossCandidate> top = cs.subList(0, 4);
      List<LossCandidate> byFinal = new ArrayList<>(top);
      byFinal.sort(Comparator.comparingDouble((LossCandidate x) -> -RungRewardRunner.score(x, 40)));
      double d2 = 0;
      for (int i = 0; i < 4; i++) {
        double d = i - byFinal.indexOf(top.get(i));
        d2 += d * d;
      }
      double rho = 1 - 6 * d2 / (4 * 15);
      String cell = String.format(java.util.Locale.ROOT, "%.2f (n = 4)", rho);
      assertTrue(
          report.contains("| " + round + " ") && report.contains(cell), cell + "\n" + report);
    }
  }

  /** Random, AM-LFS and the population control (the compute-matched control) use the same rungs. */
  @ParameterizedTest
  @EnumSource(
      value = SearchMode.class,
      names = {"RANDOM", "AMLFS", "POPULATION"})
  void everyModeHalvesWithTheSameRungs(SearchMode mode) throws Exception {
    SearchConfig c = config(mode, 1);
    String out = tmp.resolve(mode.name()).toString();
    PolicyState end =
        SearchRoundsTest.run(c, SearchPolicies.initial(c), out, RungRewardRunner.factory(out));
    assertEquals(1, end.getRound());
    for (int round = 1; round <= 1; round++) {
      List<TrainResult> rs = results(out, round);
      assertEquals(8, rs.size());
      assertEquals(
          160, rs.stream().mapToLong(TrainResult::getSteps).sum(), mode + " round " + round);
      Map<Integer, Long> perRung = new HashMap<>();
      rs.forEach(r -> perRung.merge(r.getRungReached(), 1L, Long::sum));
      assertEquals(Map.of(0, 4L, 1, 2L, 2, 2L), perRung);
    }
  }

  /** One candidate per round: nothing to choose between, the whole round trains. */
  @Test
  void fixedModeTrainsWholeRounds() throws Exception {
    SearchConfig c =
        config(SearchMode.SEARCH, 1).toBuilder()
            .mode(SearchMode.FIXED)
            .fixedLoss(LossFamily.COSFACE, 1, 0.35, 0)
            .build();
    assertEquals(List.of(Rung.whole()), c.rungPlan());
    assertFalse(c.halves());
    assertFalse(c.describe().containsKey("halvingRate"), "no halving is recorded");
    String out = tmp.resolve("fixed").toString();
    SearchRoundsTest.run(c, SearchPolicies.initial(c), out, RungRewardRunner.factory(out));
    List<TrainResult> rs = results(out, 1);
    assertEquals(1, rs.size());
    assertEquals(RungRewardRunner.WHOLE_ROUND_STEPS, rs.get(0).getSteps());
    assertEquals(0, rs.get(0).getRungReached());
    assertEquals(1, rs.get(0).getRungs());
    assertEquals(List.of(), rs.get(0).getRungSteps());
  }

  /**
   * A candidate that fails in a later rung is recorded FAILED with the steps of its earlier rungs
   * and gets no reward; when every candidate of the last rung fails, the round's best is the best
   * of the rung before.
   */
  @Test
  void failuresInALaterRungKeepTheirEarlierCompute() throws Exception {
    SearchConfig c = config(SearchMode.SEARCH, 1);
    String out = tmp.resolve("fail").toString();
    // a dry run tells which two candidates reach rung 3 in round 1
    String dry = tmp.resolve("dry").toString();
    SearchRoundsTest.run(c, SearchPolicies.initial(c), dry, RungRewardRunner.factory(dry));
    List<TrainResult> clean = results(dry, 1);
    List<Integer> last =
        clean.stream()
            .filter(r -> r.getRungReached() == 2)
            .map(r -> r.getCandidate().getIndex())
            .toList();
    assertEquals(2, last.size());
    Set<String> failing = Set.of("1:" + last.get(0) + ":3", "1:" + last.get(1) + ":3");
    PolicyState s =
        SearchRoundsTest.run(
            c, SearchPolicies.initial(c), out, RungRewardRunner.factory(out, failing, null));
    List<TrainResult> rs = results(out, 1);
    for (int i : last) {
      TrainResult r = rs.get(i);
      assertEquals(TrainStatus.FAILED, r.getStatus());
      assertEquals(2, r.getRungReached());
      assertEquals(20, r.getSteps(), "the two rungs it trained before failing");
      assertEquals(2, r.getRungScores().size(), "scored at rungs 1 and 2, not 3");
      assertTrue(Files.exists(Path.of(SearchLayout.at(out).candidateCheckpoint(1, i, 1, 3))));
    }
    assertEquals(2, s.getFailedCandidates());
    // the best of rung 2 among those that did not fail later: the two stopped there
    int expected =
        clean.stream()
            .filter(r -> r.getRungReached() == 1)
            .max(Comparator.comparingDouble(r -> RungRewardRunner.score(r.getCandidate(), 20)))
            .orElseThrow()
            .getCandidate()
            .getIndex();
    assertEquals(expected, s.getBestCandidate().getIndex());
    assertEquals(
        SearchLayout.at(out).candidateCheckpoint(1, expected, 1, 3), s.getBestCheckpoint());
  }

  /**
   * A search killed after a rung of round 2 (the pipeline dies while rung 2 is scored) restarts the
   * unfinished round on resume and ends exactly as an uninterrupted search: the same states, the
   * same records of every round, the same final metrics.
   */
  @Test
  void aSearchKilledInTheMiddleOfAHalvingRoundResumesToTheSameResult() throws Exception {
    SearchConfig c = config(SearchMode.SEARCH, 2).toBuilder().halving(2, 2).build();
    // both runs write to the same folder (the records hold checkpoint paths): first the
    // uninterrupted one, whose files are kept in memory, then the killed and resumed one
    String out = tmp.resolve("search").toString();
    SearchLayout layout = SearchLayout.at(out);
    PolicyState uninterrupted =
        SearchRoundsTest.run(c, SearchPolicies.initial(c), out, RungRewardRunner.factory(out));
    Map<String, byte[]> expected = new HashMap<>();
    for (int round = 1; round <= 2; round++) {
      for (String f : RECORDS) {
        Path p = Path.of(layout.roundDir(round), f);
        expected.put(p.toString(), Files.readAllBytes(p));
      }
    }
    expected.put(layout.testMetrics(), Files.readAllBytes(Path.of(layout.testMetrics())));
    try (var walk = Files.walk(Path.of(out))) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }

    Throwable e =
        assertThrows(
            Throwable.class,
            () ->
                SearchRoundsTest.run(
                    c,
                    SearchPolicies.initial(c),
                    out,
                    RungRewardRunner.factory(out, Set.of(), "2:2")));
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(root instanceof RungRewardRunner.Killed, root.toString());
    assertEquals(1, SearchResume.lastCompleted(out).orElseThrow().getRound());
    assertFalse(Files.exists(Path.of(layout.policyState(2))), "round 2 did not finish");
    assertTrue(
        Files.exists(Path.of(layout.candidateCheckpoint(2, 0, 0, 2))),
        "the killed round left its first rung's checkpoints");

    PolicyState resumed =
        SearchRoundsTest.run(
            c, SearchResume.lastCompleted(out).orElseThrow(), out, RungRewardRunner.factory(out));
    assertEquals(uninterrupted, resumed);
    for (Map.Entry<String, byte[]> f : expected.entrySet()) {
      assertArrayEquals(f.getValue(), Files.readAllBytes(Path.of(f.getKey())), f.getKey());
    }
  }

  private static final List<String> RECORDS =
      List.of(
          SearchLayout.CANDIDATES,
          SearchLayout.EVAL_METRICS,
          SearchLayout.TRAIN_RESULTS,
          SearchLayout.POLICY_STATE);
}
