package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The norms and loss-state section of the report, from hand-made records. */
class NormsAndStateTest {
  private static CandidatePoint point(
      LossFamily family,
      int round,
      int index,
      long steps,
      double[] norms,
      Map<String, Double> state,
      double reward) {
    LossCandidate c =
        LossCandidate.newBuilder()
            .setSearchId("s")
            .setRound(round)
            .setIndex(index)
            .setFamily(family)
            .setParams(LossParams.newBuilder().setScale(64).setM2(0.4).build())
            .setSeed(1)
            .build();
    TrainResult r =
        TrainResult.newBuilder()
            .setCandidate(c)
            .setStatus(TrainStatus.OK)
            .setSteps(steps)
            .setEpochs(1)
            .setDevice("cpu")
            .setStartMillis(0)
            .setEndMillis(1)
            .setWallMillis(1)
            .setNormMin(norms[0])
            .setNormMedian(norms[1])
            .setNormMax(norms[2])
            .setLossState(state)
            .build();
    return new CandidatePoint(c, r, List.of(), reward, null);
  }

  private static RoundSummary round(int n, List<CandidatePoint> points) {
    CandidatePoint best = points.get(0);
    for (CandidatePoint p : points) {
      if (p.reward() > best.reward()) {
        best = p;
      }
    }
    return new RoundSummary(n, points, List.of(), best, RoundTiming.of(List.of(), null));
  }

  @Test
  void rowsAggregateTheCandidatesAndCountTheBestsSteps() {
    List<RoundSummary> rounds = new ArrayList<>();
    rounds.add(
        round(
            1,
            List.of(
                point(LossFamily.COSFACE, 1, 0, 30, new double[] {4, 11, 20}, Map.of(), 0.8),
                point(LossFamily.COSFACE, 1, 1, 30, new double[] {6, 13, 25}, Map.of(), 0.9),
                point(LossFamily.COSFACE, 1, 2, 31, new double[] {5, 12, 19}, Map.of(), 0.7))));
    rounds.add(
        round(
            2,
            List.of(point(LossFamily.COSFACE, 2, 0, 40, new double[] {7, 14, 21}, Map.of(), 0.9))));
    List<NormsAndState.Row> rows = NormsAndState.rows(rounds);
    assertEquals(new NormsAndState.Row(1, 30L, 30, 4.0, 12.0, 25.0, Map.of()), rows.get(0));
    assertEquals(new NormsAndState.Row(2, 40L, 70, 7.0, 14.0, 21.0, Map.of()), rows.get(1));
    assertTrue(NormsAndState.statements(rounds).isEmpty(), "CosFace reads no norm");
  }

  @Test
  void magFaceBelowItsLowerBoundIsSaidAndNotRetuned() {
    List<RoundSummary> below =
        List.of(
            round(
                1,
                List.of(
                    point(LossFamily.MAGFACE, 1, 0, 30, new double[] {5, 8, 12}, Map.of(), 0.8))));
    String s = NormsAndState.statements(below).get(0);
    assertTrue(s.contains("from 5 to 12 (median 8)"), s);
    assertTrue(s.contains("most samples sit outside the bounds"), s);
    assertTrue(s.contains("l_m = 0.45"), s);
    assertTrue(s.contains("not retuned"), s);
    List<RoundSummary> inside =
        List.of(
            round(
                1,
                List.of(
                    point(
                        LossFamily.MAGFACE, 1, 0, 30, new double[] {12, 30, 60}, Map.of(), 0.8))));
    assertTrue(NormsAndState.statements(inside).get(0).contains("inside the bounds"));
  }

  @Test
  void adaFaceSaysHowFarTheNormsAreAndHowLittleTheMarginAdapted() {
    Map<String, Double> state = Map.of("adaface/mean", 17.7, "adaface/std", 70.5);
    List<RoundSummary> near =
        List.of(
            round(
                1,
                List.of(
                    point(LossFamily.ADAFACE, 1, 0, 36, new double[] {5, 11, 25}, state, 0.8))));
    String s = NormsAndState.statements(near).get(0);
    assertTrue(s.contains("μ₀ = 20, 1.82× that median (within a factor 2"), s);
    // m(1 ± 0.05999) with m = 0.4
    assertTrue(s.contains("stayed within 0.376–0.424"), s);
    // |ẑ| ≤ 0.333·max(|5 − 17.7|, |25 − 17.7|)/(70.5 + 0.001) = 0.05999
    assertTrue(s.contains("at most 0.060 of its range"), s);
    assertTrue(s.contains("After 36 steps μ = 17.7 and σ = 70.5"), s);
    assertTrue(s.contains("close to CosFace(m = 0.4)"), s);
    List<RoundSummary> far =
        List.of(
            round(
                1,
                List.of(point(LossFamily.ADAFACE, 1, 0, 36, new double[] {5, 9, 25}, state, 0.8))));
    assertTrue(NormsAndState.statements(far).get(0).contains("far from them"));
  }
}
