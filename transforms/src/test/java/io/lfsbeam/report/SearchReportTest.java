package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.schemas.TarAtFar;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import io.lfsbeam.search.policy.CosFaceEquivalence;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchReportTest {
  @TempDir Path dir;

  @Test
  void searchReportShowsEveryRoundFinalMetricsAndTimesComputedFromTheRecords() throws IOException {
    // round 3 of 5: every candidate failed, no metrics and no policy state
    SearchFixture f = new SearchFixture().rounds(5).allFailed(3).write(dir.toString());
    String uri = SearchReport.write(dir.toString());
    assertEquals(dir.resolve("report.md").toString(), uri);
    String md = Files.readString(dir.resolve("report.md"));

    for (RoundRecords r : f.written) {
      List<String> row = ReportFiles.row(md, "Rounds", Integer.toString(r.round()));
      long failed = r.results().stream().filter(t -> t.getStatus() != TrainStatus.OK).count();
      assertEquals(
          Long.toString(r.candidates().size() - failed), row.get(1), "ok, round " + r.round());
      assertEquals(Long.toString(failed), row.get(2), "failed, round " + r.round());
      if (r.round() == 3) {
        assertEquals(List.of("–", "none, all failed", "–", "–"), row.subList(3, 7));
      } else {
        EvalMetrics best =
            r.metrics().stream()
                .max((a, b) -> Double.compare(a.getAccuracyMean(), b.getAccuracyMean()))
                .get();
        assertEquals(String.format(Locale.ROOT, "%.2f", 100 * best.getAccuracyMean()), row.get(3));
        assertEquals("#" + best.getCandidate().getIndex(), row.get(4));
        double a = best.getCandidate().getParams().getA();
        assertTrue(
            row.get(5)
                .endsWith(
                    String.format(Locale.ROOT, "(m_eq %.3f)", CosFaceEquivalence.margin(a, 32))),
            row.get(5));
        assertEquals(
            String.format(Locale.ROOT, "%.4f", r.policyState().getMu().get(0)), row.get(6));
      }
      double meanA =
          r.candidates().stream().mapToDouble(c -> c.getParams().getA()).average().getAsDouble();
      assertEquals(
          String.format(Locale.ROOT, "%.3f", Math.log(1 - meanA) / 32),
          row.get(7),
          "m_eq of mean a");

      // time per round: non-training = timings.tsv round − union of training intervals (by brute
      // force)
      List<String> t = ReportFiles.row(md, "Time", Integer.toString(r.round()));
      double roundWall = f.timings.get(String.format(Locale.ROOT, "round-%04d", r.round()));
      double sum = r.results().stream().mapToLong(TrainResult::getWallMillis).sum() / 1000.0;
      double busy = busyMillis(r.results()) / 1000.0;
      assertEquals(Fmt.seconds(roundWall), t.get(1));
      assertEquals(Fmt.seconds(sum), t.get(2));
      assertEquals(Fmt.seconds(busy), t.get(4));
      assertEquals(Fmt.seconds(roundWall - busy), t.get(5));
      assertEquals(String.format(Locale.ROOT, "%.2f", sum / busy), t.get(6));
    }

    // the search space's reach: every sampled a's m_eq = ln(1 + |a|)/32, and the |x| a loss near
    // softmax would need, (e^{32·0.05} − 1)/e^{32/3} = 9.2e-05 (by hand)
    double[] m =
        f.written.stream()
            .flatMap(r -> r.candidates().stream())
            .mapToDouble(c -> Math.log1p(-c.getParams().getA()) / 32)
            .sorted()
            .toArray();
    assertTrue(
        md.contains(
            String.format(
                Locale.ROOT,
                "Search space reach: the candidates trained with CosFace-equivalent margins"
                    + " %.3f–%.3f (median %.3f, %d values)",
                m[0],
                m[m.length - 1],
                (m[m.length / 2 - 1] + m[m.length / 2]) / 2,
                m.length)),
        md);
    assertTrue(md.contains("needs |x| ≤ 9.2e-05"), md);

    // final metrics: one row per test set, cells found by their header
    EvalMetrics test = f.test;
    List<String> header = ReportFiles.row(md, "Final model", BenchmarkTable.SET);
    List<String> row = ReportFiles.row(md, "Final model", test.getEvalSet().toString());
    assertEquals(
        String.format(
            Locale.ROOT, "%.2f ± %.2f", 100 * test.getAccuracyMean(), 100 * test.getAccuracyStd()),
        row.get(header.indexOf("accuracy (%), mean ± std over folds")));
    assertEquals(
        test.getPairs() + " (" + test.getFoldAccuracies().size() + ")",
        row.get(header.indexOf("pairs (folds)")));
    assertEquals(String.format(Locale.ROOT, "%.4f", test.getAuc()), row.get(header.indexOf("AUC")));
    assertEquals(
        String.format(Locale.ROOT, "%.2f", 100 * test.getEer()),
        row.get(header.indexOf("EER (%)")));
    assertEquals(-1, header.indexOf("flip fusion"), "no flip column when no set used it");
    for (TarAtFar p : test.getTarAtFar()) {
      String far = p.getFar() == 0.1 ? "1e-1" : "1e-2";
      assertEquals(
          String.format(Locale.ROOT, "%.2f", 100 * p.getTar()),
          row.get(header.indexOf("TAR (%) @ FAR=" + far)));
    }
    double val = f.written.get(4).policyState().getBestReward();
    assertTrue(
        md.contains(
            String.format(
                Locale.ROOT,
                "Validation accuracy (the last round's best reward): %.2f %%",
                100 * val)));

    // totals and stage timings
    double compute =
        f.written.stream()
                .flatMap(r -> r.results().stream())
                .mapToLong(TrainResult::getWallMillis)
                .sum()
            / 1000.0;
    long steps =
        f.written.stream()
            .flatMap(r -> r.results().stream())
            .mapToLong(TrainResult::getSteps)
            .sum();
    assertTrue(
        md.contains(
            "Total training compute: **"
                + Fmt.seconds(compute)
                + " s** over 40 candidates, "
                + String.format(Locale.ROOT, "%,d", steps)
                + " optimiser steps"),
        md);
    assertTrue(
        md.contains("has trained 4.00 epochs"), "four rounds had a best candidate of 1 epoch each");
    assertEquals("12.5", ReportFiles.row(md, "Time", "preprocess").get(1));
    double total = f.timings.values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(Fmt.seconds(total), ReportFiles.row(md, "Time", "**total**").get(1));

    // failures listed with their cause, charts and ROC embedded
    assertTrue(md.contains("- round 2 #3, a = "), md);
    assertTrue(md.contains("NAN: loss NaN at step 37"));
    assertTrue(md.contains("- round 3 #7, a = "));
    assertTrue(md.contains("![ROC curve of the final model](final/roc.png)"));
    for (String chart : List.of("policy.png", "sampled_a.png", "margins.png", "rewards.png")) {
      assertTrue(md.contains("(plots/" + chart + ")"), chart);
      BufferedImage img = ReportFiles.png(dir.resolve("plots").resolve(chart));
      assertEquals(ReportCharts.WIDTH, img.getWidth(), chart);
      assertEquals(ReportCharts.HEIGHT, img.getHeight(), chart);
    }
  }

  @Test
  void fixedModeWithoutRocHasNoPolicyChartsAndSaysSo() throws IOException {
    SearchFixture f =
        new SearchFixture().mode(SearchMode.FIXED).rounds(3).noRoc().write(dir.toString());
    SearchReport.write(dir.toString());
    String md = Files.readString(dir.resolve("report.md"));

    assertTrue(md.contains("_No policy to show: mode FIXED"), md);
    assertFalse(md.contains("Search space reach"), "a fixed loss samples no margin");
    assertTrue(md.contains("_No final/roc.png._"));
    assertFalse(md.contains("](final/roc.png)"));
    assertFalse(Files.exists(dir.resolve("plots/policy.png")));
    assertFalse(Files.exists(dir.resolve("plots/sampled_a.png")));
    assertFalse(md.contains("plots/policy.png"));
    ReportFiles.png(dir.resolve("plots/rewards.png"));
    List<String> row = ReportFiles.row(md, "Rounds", "2");
    assertEquals(List.of("2", "1", "0"), row.subList(0, 3));
    assertEquals("CosFace m = 0.35", row.get(5));
    assertEquals("–", row.get(6), "no μ in FIXED mode");
    assertEquals(
        String.format(
            Locale.ROOT, "%.2f", 100 * f.written.get(1).metrics().get(0).getAccuracyMean()),
        row.get(3));
  }

  @Test
  void partialOutputWithoutFinalEvaluationOrTimings() throws IOException {
    new SearchFixture().rounds(2).noFinalEvaluation().noRoc().write(dir.toString());
    Files.delete(dir.resolve("timings.tsv"));
    SearchReport.write(dir.toString());
    String md = Files.readString(dir.resolve("report.md"));
    assertTrue(md.contains("_No final/test_metrics.avro: the final evaluation has not run._"));
    assertTrue(md.contains("_No timings.tsv._"));
    // without timings the round wall is the candidates' span, marked as such
    assertTrue(ReportFiles.row(md, "Time", "1").get(1).endsWith("*"));
  }

  @Test
  void emptyFolderStillGivesAReport() throws IOException {
    SearchReport.write(dir.toString());
    String md = Files.readString(dir.resolve("report.md"));
    assertTrue(md.contains("_No round-NNNN folders._"));
    assertTrue(md.contains("_No search_config.tsv._"));
  }

  /** Milliseconds covered by at least one training interval, counted one by one. */
  private static long busyMillis(List<TrainResult> results) {
    long base = results.stream().mapToLong(TrainResult::getStartMillis).min().orElse(0);
    BitSet covered = new BitSet();
    for (TrainResult r : results) {
      covered.set((int) (r.getStartMillis() - base), (int) (r.getEndMillis() - base));
    }
    return covered.cardinality();
  }
}
