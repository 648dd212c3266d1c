package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
   * Without pair scores the interval is the paired t over seeds. By hand: search − cosface = (0.03,
   * 0.02, 0.02), mean 0.023333, s = 0.0057735, half-width t_{0.975,2} · s/√3 = 4.302652729749462 ·
   * 0.0057735 / 1.7320508 = 0.0143422; p = 0.019804 (scipy 1.17.1 ttest_rel).
   */
  @Test
  void searchAgainstTheReferenceAndTheControl() {
    List<PairedComparison> c =
        PairedComparisons.compute(records(), Map.of(), Map.of(), "cosface", "population:cosface");
    assertEquals(
        List.of("softmax", "search", "population:cosface", "search"),
        c.stream().map(PairedComparison::method).toList());
    PairedComparison s = c.get(1);
    assertEquals(PairedComparison.Role.REFERENCE, s.role());
    assertEquals("cosface", s.against());
    assertEquals(0.0233333333, s.noise().estimate(), 1e-9);
    double half = 4.302652729749462 * Math.sqrt(1.0 / 3 / 10000) / Math.sqrt(3);
    assertEquals(0.0233333333 - half, s.interval().low(), 1e-9);
    assertEquals(0.0233333333 + half, s.interval().high(), 1e-9);
    assertFalse(s.noise().pairsIncluded(), "no pair scores given: the seeds' noise alone");
    assertEquals(0.019804, s.p(), 1e-6);
    assertEquals(4, s.family(), "four comparisons, all with three seeds");
    PairedComparison control = c.get(3);
    assertEquals(PairedComparison.Role.CONTROL, control.role());
    // search − control = (0.02, 0.03, 0.01): mean 0.02, s 0.01, half 4.3027 · 0.01/√3 = 0.0248
    assertEquals(0.02, control.noise().estimate(), 1e-12);
    assertEquals(Verdict.NOT_DISTINGUISHABLE, control.verdict());
  }

  /**
   * Holm over the table: the four p-values (softmax − cosface, search − cosface, control − cosface,
   * search − control) are adjusted together, and the verdict follows the adjusted value. By hand:
   * softmax − cosface = (−0.10, −0.10, −0.07), mean −0.09, s 0.017321, t = −9.0, p (2 df) =
   * 0.012122 (scipy 1.17.1); ×4 = 0.0485 < 0.05: worse. search − cosface p 0.019804, ×3 = 0.059:
   * not distinguishable after the correction though its own interval excludes 0.
   */
  @Test
  void holmDecidesTheVerdicts() {
    List<PairedComparison> c =
        PairedComparisons.compute(records(), Map.of(), Map.of(), "cosface", "population:cosface");
    PairedComparison soft = c.get(0);
    assertEquals(0.012122, soft.p(), 1e-6);
    assertEquals(4 * soft.p(), soft.adjustedP(), 1e-12);
    assertEquals(Verdict.WORSE, soft.verdict());
    PairedComparison search = c.get(1);
    assertTrue(search.interval().excludesZero(), "unadjusted, it would have been better");
    assertEquals(3 * search.p(), search.adjustedP(), 1e-12);
    assertEquals(Verdict.NOT_DISTINGUISHABLE, search.verdict());
  }

  /** One seed: no interval, and "run more seeds" instead of a verdict. */
  @Test
  void oneSeedGivesNoVerdict() {
    List<MethodComparison> one = records().stream().filter(r -> r.getSeed() == 1).toList();
    List<PairedComparison> c =
        PairedComparisons.compute(one, Map.of(), Map.of(), "cosface", "population:cosface");
    for (PairedComparison p : c) {
      assertEquals(Verdict.MORE_SEEDS, p.verdict(), p.method());
      assertFalse(p.interval().bounded());
    }
    assertEquals(0, c.get(0).family());
  }

  /**
   * With pair scores the test pairs' noise joins the seeds'. Four pairs, people (a), (a, b), (b),
   * (c): cosface misses the last pair on every seed, search and the control get all right; so D_sj
   * = (0, 0, 0, 1) on every seed, with no seed spread in the pair means but a pair part: V̂(D̄) by
   * hand = G/(G−1)/P² · Σ_{sharing} e_j e_k with e = (−1/4, −1/4, −1/4, 3/4): pairs 0–1 share a,
   * 1–2 share b, pair 3 is alone: Σ = 3·1/16 + 9/16 + 2·2·1/16 = 1, × (3/2)/16 = 3/32 (above the
   * independent 1/16); the interaction residuals are 0, so SE²(pairs) = 3/32.
   */
  @Test
  void pairScoresAddTheTestPairsNoise() {
    Map<String, PairOutcomes> outcomes = new HashMap<>();
    String[][] faces = {{"a1", "a2"}, {"a3", "b1"}, {"b2", "b3"}, {"c1", "c2"}};
    Map<String, String> identity = new HashMap<>();
    for (String[] f : faces) {
      for (String face : f) {
        identity.put(face, face.substring(0, 1));
      }
    }
    for (MethodComparison r : records()) {
      boolean[] right = {true, true, true, !r.getMethod().equals("cosface")};
      Map<String, Boolean> m = new LinkedHashMap<>();
      Map<String, PairOutcomes.PairFaces> f = new LinkedHashMap<>();
      for (int j = 0; j < 4; j++) {
        String key = "0/" + faces[j][0] + "/" + faces[j][1];
        m.put(key, right[j]);
        f.put(key, new PairOutcomes.PairFaces(faces[j][0], faces[j][1], j != 1));
      }
      outcomes.put(r.getRunDir(), new PairOutcomes(m, f));
    }
    PairedComparison s =
        PairedComparisons.compute(records(), outcomes, identity, "cosface", null).stream()
            .filter(c -> c.method().equals("search"))
            .findFirst()
            .orElseThrow();
    assertTrue(s.noise().pairsIncluded());
    assertEquals(4, s.noise().pairs());
    assertEquals(3, s.noise().clusters());
    assertEquals(3.0 / 32, s.noise().pairVariance(), 1e-12);
    // the estimate stays the records' accuracy difference; the pair part widens the interval
    assertEquals(0.0233333333, s.noise().estimate(), 1e-9);
    assertEquals(3.0 / 32 + 1.0 / 3 / 10000 / 3, s.noise().variance(), 1e-12);
    assertEquals(Verdict.NOT_DISTINGUISHABLE, s.verdict());
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
    assertEquals(new PairOutcomes.PairFaces("c", "c2", false), o.faces().get("1/c/c2"));
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
