package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.MethodComparison;
import io.lfsbeam.schemas.PairScore;
import io.lfsbeam.schemas.SetEvaluation;
import io.lfsbeam.stats.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PairedComparisonsTest {
  private static MethodComparison run(
      String method, String mode, long seed, double val, double test) {
    return MethodComparison.newBuilder()
        .setMethod(method)
        .setSeed(seed)
        .setRunDir("/runs/" + method + "/" + seed)
        .setMode(mode)
        .setRounds(3)
        .setCandidates(mode.equals("FIXED") ? 3 : 12)
        .setFailedCandidates(0)
        .setValAccuracy(val)
        .setEvaluations(
            List.of(
                SetEvaluation.newBuilder()
                    .setEvalSet("test")
                    .setPairs(4)
                    .setAccuracyMean(test)
                    .setAccuracyStd(0)
                    .build()))
        .setTrainingSeconds(1)
        .setTrainingSteps(1)
        .setFinalModelEpochs(1)
        .build();
  }

  /** Three seeds of: softmax, cosface (best on validation), a search and the control. */
  private static List<MethodComparison> records() {
    List<MethodComparison> r = new ArrayList<>();
    double[] soft = {0.70, 0.72, 0.71};
    double[] cos = {0.80, 0.82, 0.78};
    double[] search = {0.83, 0.84, 0.80};
    double[] control = {0.81, 0.81, 0.79};
    for (int s = 0; s < 3; s++) {
      r.add(run("softmax", "FIXED", s + 1, 0.70, soft[s]));
      r.add(run("cosface", "FIXED", s + 1, 0.75, cos[s]));
      // the search has the best validation accuracy but is no candidate for the best fixed loss
      r.add(run("search", "SEARCH", s + 1, 0.90, search[s]));
      r.add(run("population:cosface", "POPULATION", s + 1, 0.80, control[s]));
    }
    return r;
  }

  @Test
  void aModernMarginCompetesForTheReferenceAndTheControl() {
    List<MethodComparison> r = new ArrayList<>(records());
    for (int s = 0; s < 3; s++) {
      r.add(run("adaface", "FIXED", s + 1, 0.77, 0.8));
      r.add(run("elasticface-cos-plus", "FIXED", s + 1, 0.74, 0.8));
    }
    assertEquals(Optional.of("adaface"), PairedComparisons.bestFixed(r));
    assertEquals(Optional.of("adaface"), PairedComparisons.reference(r, "best"));
    // the same without the mode recorded (older comparison.avro): known by name
    List<MethodComparison> unmoded =
        r.stream().map(m -> MethodComparison.newBuilder(m).setMode("").build()).toList();
    assertEquals(Optional.of("adaface"), PairedComparisons.bestFixed(unmoded));
  }

  @Test
  void theReferenceIsTheBestFixedLossByValidation() {
    assertEquals(Optional.of("cosface"), PairedComparisons.bestFixed(records()));
    assertEquals(Optional.of("cosface"), PairedComparisons.reference(records(), "best"));
    assertEquals(Optional.of("softmax"), PairedComparisons.reference(records(), "softmax"));
    assertEquals(Optional.empty(), PairedComparisons.reference(records(), "arcface"));
    assertEquals(
        Optional.of("population:cosface"), PairedComparisons.control(records(), "cosface"));
    assertEquals(
        Optional.of("population:cosface"),
        PairedComparisons.control(records(), "softmax"),
        "without population:softmax, the first control of the table");
  }

  /**
   * By hand: search − cosface = (0.03, 0.02, 0.02), mean 0.023333, s = 0.0057735, half-width
   * t_{0.975,2} · s/√3 = 4.302652729749462 · 0.0057735 / 1.7320508 = 0.0143422.
   */
  @Test
  void searchAgainstTheReferenceAndTheControl() {
    List<PairedComparison> c =
        PairedComparisons.compute(records(), Map.of(), "cosface", "population:cosface");
    assertEquals(
        List.of("softmax", "search", "population:cosface", "search"),
        c.stream().map(PairedComparison::method).toList());
    PairedComparison s = c.get(1);
    assertEquals(PairedComparison.Role.REFERENCE, s.role());
    assertEquals("cosface", s.against());
    assertEquals(0.0233333333, s.seeds().estimate(), 1e-9);
    double half = 4.302652729749462 * Math.sqrt(1.0 / 3 / 10000) / Math.sqrt(3);
    assertEquals(0.0233333333 - half, s.seeds().low(), 1e-9);
    assertEquals(0.0233333333 + half, s.seeds().high(), 1e-9);
    assertNull(s.pairs(), "no pair scores given: no bootstrap");
    assertEquals(Verdict.BETTER, s.verdict());
    PairedComparison control = c.get(3);
    assertEquals(PairedComparison.Role.CONTROL, control.role());
    // search − control = (0.02, 0.03, 0.01): mean 0.02, s 0.01, half 4.3027 · 0.01/√3 = 0.0248
    assertEquals(0.02, control.seeds().estimate(), 1e-12);
    assertEquals(Verdict.NOT_DISTINGUISHABLE, control.verdict());
  }

  /** The bootstrap takes over the t verdict only when it agrees. */
  @Test
  void pairScoresAddTheBootstrapInterval() {
    Map<String, PairOutcomes> outcomes = new HashMap<>();
    for (MethodComparison r : records()) {
      // four pairs; cosface gets pairs 0-2 right, the others all four
      boolean[] right = {true, true, true, !r.getMethod().equals("cosface")};
      Map<String, Boolean> m = new LinkedHashMap<>();
      for (int j = 0; j < 4; j++) {
        m.put("0/l" + j + "/r" + j, right[j]);
      }
      outcomes.put(r.getRunDir(), new PairOutcomes(m));
    }
    PairedComparison s =
        PairedComparisons.compute(records(), outcomes, "cosface", null).stream()
            .filter(c -> c.method().equals("search"))
            .findFirst()
            .orElseThrow();
    // per pair: D = (0, 0, 0, 1), estimate 1/4; a resample without pair 3 gives 0
    assertEquals(0.25, s.pairs().estimate(), 1e-12);
    assertEquals(4, s.pairs().n());
    assertEquals(0, s.pairs().low(), 1e-12);
    assertTrue(s.pairs().high() > 0.25, s.pairs().toString());
    assertEquals(Verdict.NOT_DISTINGUISHABLE, s.verdict(), "t says better, bootstrap cannot tell");
  }

  /** Outcomes by hand: fold thresholds 0.5 and 0.2, decision score > threshold ⇒ same. */
  @Test
  void outcomesUseEachFoldsThreshold() {
    List<PairScore> scores =
        List.of(
            score(0, "a", true, 0.6), // 0.6 > 0.5: same, right
            score(0, "b", false, 0.4), // 0.4 ≤ 0.5: different, right
            score(1, "c", false, 0.4), // 0.4 > 0.2: same, wrong
            score(1, "d", true, 0.1)); // 0.1 ≤ 0.2: different, wrong
    PairOutcomes o = PairOutcomes.of(scores, List.of(0.5, 0.2));
    assertEquals(List.of(true, true, false, false), new ArrayList<>(o.correct().values()));
    assertEquals(
        List.of("0/a/a2", "0/b/b2", "1/c/c2", "1/d/d2"), new ArrayList<>(o.correct().keySet()));
  }

  private static PairScore score(int fold, String id, boolean same, double score) {
    return PairScore.newBuilder()
        .setEvalSet("test")
        .setLeftId(id)
        .setRightId(id + "2")
        .setSame(same)
        .setFold(fold)
        .setScore(score)
        .build();
  }
}
