package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The charts' edge cases on hand-made runs: AM-LFS (12 means, no a), the local space (a per bin),
 * one round.
 */
class SearchPlotsTest {

  private static SearchSummary oneRound(SearchMode mode, List<LossCandidate> cs, List<Double> mu) {
    List<TrainResult> rs = new ArrayList<>();
    List<EvalMetrics> ms = new ArrayList<>();
    Random rng = new Random(3);
    for (LossCandidate c : cs) {
      rs.add(
          TrainResult.newBuilder()
              .setCandidate(c)
              .setStatus(TrainStatus.OK)
              .setSteps(50)
              .setEpochs(1)
              .setDevice("cpu")
              .setStartMillis(1_000_000)
              .setEndMillis(1_005_000)
              .setWallMillis(5_000)
              .build());
      ms.add(SearchFixture.metrics(c, "val", 0.8 + 0.01 * c.getIndex(), 0.01, rng));
    }
    PolicyState state =
        PolicyState.newBuilder()
            .setSearchId("t")
            .setRound(1)
            .setMode(mode)
            .setMu(mu)
            .setSigma(0.2)
            .setAdamM(List.of())
            .setAdamV(List.of())
            .setAdamStep(1)
            .setSeed(1)
            .build();
    SearchRun run =
        new SearchRun(
            "/nowhere",
            Map.of("mode", mode.name(), "scale", "32"),
            List.of(new RoundRecords(1, cs, rs, ms, state)),
            List.of(),
            Map.of(),
            false);
    return SearchSummary.of(run);
  }

  private static LossCandidate candidate(int i, LossFamily family, LossParams params) {
    return LossCandidate.newBuilder()
        .setSearchId("t")
        .setRound(1)
        .setIndex(i)
        .setFamily(family)
        .setParams(params)
        .setSeed(i)
        .build();
  }

  private static void assertPng(byte[] png) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(ReportCharts.WIDTH, img.getWidth());
    assertEquals(ReportCharts.HEIGHT, img.getHeight());
  }

  @Test
  void amLfsPlotsItsMeansButHasNoModulatingFactor() throws IOException {
    List<LossCandidate> cs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      cs.add(
          candidate(
              i,
              LossFamily.AMLFS,
              LossParams.newBuilder()
                  .setAlpha(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0))
                  .setBeta(List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0))
                  .build()));
    }
    List<Double> mu = List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    SearchSummary s = oneRound(SearchMode.AMLFS, cs, mu);
    assertPng(SearchPlots.policy(s).orElseThrow());
    assertPng(SearchPlots.rewards(s).orElseThrow());
    assertTrue(SearchPlots.sampledA(s).isEmpty());
    assertTrue(SearchPlots.margins(s).isEmpty());
    assertEquals("μ of α1", SearchPlots.muLabel("AMLFS", 12, 0));
    assertEquals("μ of β6", SearchPlots.muLabel("AMLFS", 12, 11));
    assertEquals("AM-LFS τ over 6 bins", LossLabels.describe(cs.get(0), 32));
    assertNull(s.rounds().get(0).marginOfMeanA(32));
  }

  @Test
  void localSpaceUsesEveryBinsFactor() throws IOException {
    List<LossCandidate> cs =
        List.of(
            candidate(
                0,
                LossFamily.MODULATED_LOCAL,
                LossParams.newBuilder().setABins(List.of(-1.0, -3.0)).build()),
            candidate(
                1,
                LossFamily.MODULATED_LOCAL,
                LossParams.newBuilder().setABins(List.of(-5.0, -7.0)).build()));
    SearchSummary s = oneRound(SearchMode.SEARCH, cs, List.of(0.1, 0.2));
    // mean a over all bins of all candidates is −4, so m_eq = ln 5 / 32
    assertEquals(Math.log(5) / 32, s.rounds().get(0).marginOfMeanA(32), 1e-15);
    assertEquals("μ bin 2", SearchPlots.muLabel("SEARCH", 2, 1));
    assertEquals(
        String.format(Locale.ROOT, "2 bins, m_eq %.3f–%.3f", Math.log(2) / 32, Math.log(4) / 32),
        LossLabels.describe(cs.get(0), 32));
    for (var chart :
        List.of(
            SearchPlots.policy(s),
            SearchPlots.sampledA(s),
            SearchPlots.margins(s),
            SearchPlots.rewards(s))) {
      assertPng(chart.orElseThrow());
    }
  }

  @Test
  void roundAxisLabelsOnlyWholeRoundsAndKeepsThemDistinct() {
    assertEquals("3", ReportCharts.roundLabel(3.0));
    assertTrue(ReportCharts.roundLabel(0.5).chars().allMatch(c -> c == '\u200B'), "invisible");
    // XChart drops every label when two are equal or when the axis ends (half rounds) format alike
    for (int rounds = 1; rounds <= 64; rounds++) {
      assertFalse(
          ReportCharts.roundLabel(0.5).equals(ReportCharts.roundLabel(rounds + 0.5)),
          rounds + " rounds");
    }
    assertFalse(ReportCharts.roundLabel(1.5).equals(ReportCharts.roundLabel(2.5)));
  }
}
