package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.stats.TotalNoise;
import io.lfsbeam.stats.Verdict;
import java.util.Locale;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The verdict sentences: what a "not distinguishable" and a one-seed comparison say. */
class PairedMarkdownTest {
  private static PairedComparison c(TotalNoise t, Verdict v, int family) {
    return new PairedComparison(
        "search", "cosface", PairedComparison.Role.REFERENCE, t, t.pValue(), t.pValue(), family, v);
  }

  /** Seed noise dominates: more seeds would resolve the observed difference. */
  @Test
  void notDistinguishableSaysWhatWouldBeDetectedAndHowManySeeds() {
    TotalNoise t = new TotalNoise(0.005, 5, 1e-4, 1e-6, 600, 40, 39, 4.2);
    PairedComparison pc = c(t, Verdict.NOT_DISTINGUISHABLE, 3);
    String s = PairedMarkdown.clause(pc, "the reference", "AM-Softmax (CosFace)");
    OptionalInt n = t.seedsToDetect(0.005, 0.05 / 3, 0.8, 1000);
    assertTrue(n.isPresent());
    String mde = String.format(Locale.ROOT, "%.2f", 100 * t.minimumDetectable(0.05 / 3, 0.8));
    assertTrue(
        s.startsWith(
            "not distinguishable from the reference AM-Softmax (CosFace) (Δ +0.50 pp, 95 %"),
        s);
    assertTrue(
        s.contains(
            "with 5 seeds and these 600 test pairs the smallest difference detectable at 80 % power"
                + " is "
                + mde
                + " pp; a true +0.50 pp would need ≈ "
                + n.getAsInt()
                + " seeds"),
        s);
    assertEquals(0.05 / 3, pc.powerAlpha(), 1e-15, "Holm's strictest step for three comparisons");
  }

  /**
   * Pair noise dominates: no number of seeds resolves it; the sentence says the test set limits.
   */
  @Test
  void pairNoiseLimitedSaysALargerTestSetWould() {
    TotalNoise t = new TotalNoise(0.01, 5, 1e-5, 4e-4, 600, 40, 39, 40);
    String s =
        PairedMarkdown.clause(
            c(t, Verdict.NOT_DISTINGUISHABLE, 1), "the reference", "AM-Softmax (CosFace)");
    assertTrue(
        s.contains(
            "more seeds alone cannot resolve +1.00 pp: the test pairs' own noise (SE 2.00 pp) keeps"
                + " it below detection, a larger test set (more identities) would"),
        s);
  }

  /** Two seeds that disagree: the detectable difference exceeds any accuracy difference. */
  @Test
  void beyondAHundredPointsNothingIsDetectable() {
    TotalNoise t = new TotalNoise(-0.05, 2, 4e-2, 0, 180, 20, 19, 1);
    String s =
        PairedMarkdown.clause(
            c(t, Verdict.NOT_DISTINGUISHABLE, 5), "the reference", "AM-Softmax (CosFace)");
    assertTrue(
        s.contains(
            "with 2 seeds and these 180 test pairs no difference in accuracy (at most 100 pp) is"
                + " detectable at 80 % power"),
        s);
    assertEquals("> 100", PairedMarkdown.mde(t.minimumDetectable(0.01, 0.8)));
  }

  @Test
  void oneSeedAsksForMoreSeeds() {
    TotalNoise t = new TotalNoise(0.01, 1, Double.NaN, 4e-4, 600, 40, 39, Double.NaN);
    String s =
        PairedMarkdown.clause(c(t, Verdict.MORE_SEEDS, 0), "the reference", "AM-Softmax (CosFace)");
    assertEquals(
        "not judged against the reference AM-Softmax (CosFace) (Δ +1.00 pp from one seed, which"
            + " cannot tell a better loss from a luckier seed: run more seeds)",
        s);
  }

  @Test
  void resolvedStatesTheIntervalAndHolmsP() {
    TotalNoise t = new TotalNoise(0.05, 5, 1e-4, 1e-4, 600, 40, 39, 10);
    PairedComparison pc =
        new PairedComparison(
            "search",
            "cosface",
            PairedComparison.Role.REFERENCE,
            t,
            0.004,
            0.012,
            3,
            Verdict.BETTER);
    String s = PairedMarkdown.clause(pc, "the reference", "AM-Softmax (CosFace)");
    assertTrue(
        s.startsWith("better than the reference AM-Softmax (CosFace) (Δ +5.00 pp, 95 % interval ["),
        s);
    assertTrue(s.endsWith(", Holm p 0.012)"), s);
  }
}
