package io.lfsbeam.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.VerificationPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Metrics from hand-made embeddings, checked against values worked out by hand.
 *
 * <p>Ten folds of four pairs; each pair is two unit vectors in the plane whose cosine is chosen:
 * group A holds a matched pair at 0.9 and a mismatched one at 0.1, group B a matched pair at 0.8
 * and a mismatched one at 0.2, except that in fold 3 A's matched pair scores 0.05, below every
 * impostor.
 */
class MetricsAssemblyTest {
  static List<ScoredPair> pairs() {
    List<ScoredPair> out = new ArrayList<>();
    for (int fold = 0; fold < 10; fold++) {
      out.add(pair(fold, "A", true, fold == 3 ? 0.05 : 0.9));
      out.add(pair(fold, "A", false, 0.1));
      out.add(pair(fold, "B", true, 0.8));
      out.add(pair(fold, "B", false, 0.2));
    }
    return out;
  }

  static ScoredPair pair(int fold, String group, boolean same, double cosine) {
    String id = fold + group + same;
    VerificationPair p =
        VerificationPair.newBuilder()
            .setLeftId(id + "L")
            .setRightId(id + "R")
            .setSame(same)
            .setFold(fold)
            .setGroup(group)
            .build();
    double angle = Math.acos(cosine);
    return ScoredPair.of(
        p, new float[] {1f, 0f}, new float[] {(float) Math.cos(angle), (float) Math.sin(angle)});
  }

  @Test
  void tenFoldAccuracyThresholdsAndRocFiguresAreExact() {
    EvalMetrics m =
        MetricsAssembly.assemble("model", "hand", PairScores.of(pairs()), null).metrics();
    assertEquals(40, m.getPairs());
    // held-out fold 3: threshold 0.5 from the nine clean folds misses only its 0.05 matched pair
    for (int f = 0; f < 10; f++) {
      assertEquals(f == 3 ? 0.75 : 1.0, m.getFoldAccuracies().get(f), 0.0, "fold " + f);
      // every fold's training folds are best split between 0.2 and 0.8: the midpoint
      assertEquals(0.5, m.getFoldThresholds().get(f), 1e-6, "threshold of fold " + f);
    }
    assertEquals(0.975, m.getAccuracyMean(), 1e-12);
    assertEquals(0.075, m.getAccuracyStd(), 1e-12, "population std of nine 1.0 and one 0.75");
    assertEquals(0.5, m.getThreshold(), 1e-6);
    // the 0.05 genuine score is below all 20 impostors, the other 19 above all of them
    assertEquals(19.0 * 20 / (20 * 20), m.getAuc(), 1e-12);
    assertEquals(0.05, m.getEer(), 1e-9);
    assertNull(m.getRank1());
    assertNull(m.getRank5());
  }

  @Test
  void tarOnlyWhereTheImpostorCountResolvesTheFar() {
    EvalMetrics m =
        MetricsAssembly.assemble("model", "hand", PairScores.of(pairs()), null).metrics();
    // 20 impostors: FAR 1e-1 allows 2 false accepts, 1e-2 allows none and is not reported
    assertEquals(1, m.getTarAtFar().size(), m.getTarAtFar().toString());
    assertEquals(0.1, m.getTarAtFar().get(0).getFar(), 0.0);
    assertEquals(
        0.2,
        m.getTarAtFar().get(0).getThreshold(),
        1e-6,
        "smallest impostor score with ≤ 2 above it");
    assertEquals(0.95, m.getTarAtFar().get(0).getTar(), 1e-12, "19 of 20 genuine scores above 0.2");
  }

  @Test
  void groupsGetTheirOwnProtocol() {
    EvalMetrics m =
        MetricsAssembly.assemble("model", "hand", PairScores.of(pairs()), null).metrics();
    assertEquals(2, m.getGroups().size());
    assertEquals("A", m.getGroups().get(0).getGroup());
    assertEquals(20, m.getGroups().get(0).getPairs());
    assertEquals(0.95, m.getGroups().get(0).getAccuracyMean(), 1e-12, "A's fold 3 is half right");
    assertEquals(1.0, m.getGroups().get(1).getAccuracyMean(), 1e-12);
    assertEquals(0.05, m.getGroupGap(), 1e-12);
    assertEquals(0.025, m.getGroupStd(), 1e-12);
  }

  @Test
  void pairOrderDoesNotMatter() {
    List<ScoredPair> shuffled = pairs();
    Collections.shuffle(shuffled, new Random(1));
    assertEquals(
        MetricsAssembly.assemble("m", "e", PairScores.of(pairs()), null).metrics(),
        MetricsAssembly.assemble("m", "e", PairScores.of(shuffled), null).metrics());
  }

  @Test
  void untaggedPairsGiveNoGroupFigures() {
    List<ScoredPair> plain = new ArrayList<>();
    for (ScoredPair p : pairs()) {
      plain.add(new ScoredPair(p.leftId(), p.rightId(), p.same(), p.fold(), null, p.score()));
    }
    EvalMetrics m = MetricsAssembly.assemble("m", "e", PairScores.of(plain), null).metrics();
    assertTrue(m.getGroups().isEmpty());
    assertNull(m.getGroupGap());
  }

  @Test
  void emptyOrOneSidedPairsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PairScores.of(List.of()));
    List<ScoredPair> matchedOnly = pairs().stream().filter(ScoredPair::same).toList();
    assertThrows(
        IllegalArgumentException.class,
        () -> MetricsAssembly.assemble("m", "e", PairScores.of(matchedOnly), null));
  }

  @Test
  void summaryNamesTheFiguresAndWhatCannotBeMeasured() {
    MetricsAssembly.Evaluation e =
        MetricsAssembly.assemble("model", "hand", PairScores.of(pairs()), null);
    String s = EvalSummary.markdown(e.metrics(), e.roc());
    assertTrue(s.contains("97.50% ± 7.50%"), s);
    assertTrue(s.contains("TAR @ FAR=1e-1 | 95.00%"), s);
    assertTrue(s.contains("not measurable: 20 mismatched pairs"), s);
    assertTrue(s.contains("| A | 20 | 95.00% |"), s);
    String tsv = RocTsv.format(e.roc());
    assertEquals(RocTsv.HEADER, tsv.lines().findFirst().orElseThrow());
    assertEquals(e.roc().size() + 1, tsv.lines().count());
  }

  /**
   * Faces embedded as NaN (a diverged model) give NaN scores: refused with the reason, never scored
   * as zero vectors at chance level.
   */
  @Test
  void nanEmbeddingsAreRefusedAndADivergedModelHasNoAccuracy() {
    List<ScoredPair> scored = pairs();
    float[] nan = Embedder.normalize(new float[] {Float.NaN, 1f});
    assertTrue(Float.isNaN(nan[0]) && Float.isNaN(nan[1]), "a NaN embedding stays NaN");
    VerificationPair p =
        VerificationPair.newBuilder()
            .setLeftId("x")
            .setRightId("y")
            .setSame(true)
            .setFold(0)
            .build();
    scored.set(0, ScoredPair.of(p, nan, new float[] {1f, 0f}));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MetricsAssembly.assemble("m", "test", PairScores.of(scored), null));
    assertTrue(e.getMessage().contains("1 of 40 test pair scores are not finite"), e.getMessage());
    assertTrue(e.getMessage().contains("diverged"), e.getMessage());

    EvalMetrics d = MetricsAssembly.diverged("m", "val", 40, 3);
    assertTrue(Double.isNaN(d.getAccuracyMean()));
    assertEquals(3, d.getNonFiniteEmbeddings());
    assertEquals(40, d.getPairs());
    // a healthy evaluation records no non-finite embedding
    assertEquals(
        0,
        MetricsAssembly.assemble("m", "e", PairScores.of(pairs()), null)
            .metrics()
            .getNonFiniteEmbeddings());
  }
}
