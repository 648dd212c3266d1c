package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.MethodComparison;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.schemas.SetEvaluation;
import io.lfsbeam.schemas.TarPoint;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.search.ModernLosses;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTableTest {
  @TempDir Path dir;

  private static MethodComparison run(
      String method,
      long seed,
      double val,
      double test,
      Double auc,
      List<TarPoint> tars,
      double seconds,
      long steps) {
    SetEvaluation t =
        SetEvaluation.newBuilder()
            .setEvalSet("test")
            .setPairs(600)
            .setAccuracyMean(test)
            .setAccuracyStd(0.01)
            .setAuc(auc)
            .setEer(null)
            .setTarAtFar(tars)
            .setRank1(null)
            .build();
    return MethodComparison.newBuilder()
        .setMethod(method)
        .setSeed(seed)
        .setRunDir("/runs/" + method + "-" + seed)
        .setMode("")
        .setRounds(2)
        .setCandidates(16)
        .setFailedCandidates(0)
        .setValAccuracy(val)
        .setEvaluations(List.of(t))
        .setTrainingSeconds(seconds)
        .setTrainingSteps(steps)
        .setFinalModelEpochs(2.0)
        .build();
  }

  private static List<TarPoint> tars(double... farTar) {
    List<TarPoint> out = new ArrayList<>();
    for (int i = 0; i < farTar.length; i += 2) {
      out.add(new TarPoint(farTar[i], farTar[i + 1]));
    }
    return out;
  }

  /** Values chosen so mean and sample std are exact in binary floating point. */
  private static List<MethodComparison> handMade() {
    return List.of(
        run("search", 2, 0.875, 0.75, 0.96, tars(0.1, 0.5, 0.01, 0.25), 30, 3000),
        run("cosface", 3, 0.75, 1.0, 0.90, tars(0.1, 0.75, 0.01, 0.5), 30, 3000),
        run("mine", 1, 0.5, 0.5, null, tars(0.1, 0.5), 5, 500),
        run("cosface", 1, 0.5, 0.5, 0.80, tars(0.1, 0.25, 0.01, 0.25), 10, 1000),
        run("search", 1, 0.625, 0.25, null, tars(0.1, 0.25, 0.01, 0.25), 10, 1000),
        run("cosface", 2, 0.625, 0.75, null, tars(0.1, 0.5, 0.01, 0.5), 20, 2000),
        run("softmax", 1, 0.5, 0.5, 0.5, tars(0.1, 0.125, 0.01, 0.0625), 10, 1000));
  }

  /** Every fixed loss a compare can name has a table name, not its command-line spelling. */
  @Test
  void everyModernMarginHasItsPublishedNameInTheTable() {
    for (String loss : ModernLosses.NAMES) {
      String shown = ComparisonTable.displayName(loss);
      assertFalse(shown.equals(loss), loss + " shown as typed");
      assertTrue(shown.toLowerCase(Locale.ROOT).startsWith(loss.substring(0, 5)), shown);
      assertEquals(
          "Population control of " + shown, ComparisonTable.displayName("population:" + loss));
      assertFalse(ComparisonTable.shortName(loss).equals(loss), loss + " on the chart axis");
    }
  }

  @Test
  void meanAndSampleStdOverSeedsAreExact() {
    List<MethodSummary> s = ComparisonTable.aggregate(handMade());
    assertEquals(
        List.of("softmax", "cosface", "search", "mine"),
        s.stream().map(MethodSummary::method).toList(),
        "paper order, then other methods in input order");
    MethodSummary cos = s.get(1);
    assertEquals(List.of(1L, 2L, 3L), cos.seeds());
    // test 0.5, 0.75, 1.0: mean 0.75, squares 1/16 + 0 + 1/16 over n − 1 = 2 → std 0.25
    assertEquals(new MeanStd(0.75, 0.25, 3), cos.get("test"));
    // val 0.5, 0.625, 0.75: mean 0.625, std 0.125
    assertEquals(new MeanStd(0.625, 0.125, 3), cos.get("val"));
    // compute 10, 20, 30 s: mean 20, std 10; steps likewise ×100
    assertEquals(new MeanStd(20, 10, 3), cos.get("training compute (s)"));
    assertEquals(new MeanStd(2000, 1000, 3), cos.get("steps"));
    // TAR@1e-1 0.25, 0.5, 0.75
    assertEquals(new MeanStd(0.5, 0.25, 3), cos.get("test TAR@FAR=1e-1"));
    // AUC only for seeds 1 and 3: 0.8, 0.9 → n = 2
    MeanStd auc = cos.get("test AUC");
    assertEquals(2, auc.n());
    assertEquals(0.85, auc.mean(), 1e-15);
    assertEquals(Math.sqrt(2 * 0.05 * 0.05), auc.std(), 1e-15);
    // search: test 0.25, 0.75 → mean 0.5, std sqrt((1/16 + 1/16)/1) = sqrt(2)/4
    assertEquals(0.5, s.get(2).get("test").mean(), 0.0);
    assertEquals(Math.sqrt(2) / 4, s.get(2).get("test").std(), 0.0);
    // one seed: no std
    MeanStd soft = s.get(0).get("test");
    assertEquals(1, soft.n());
    assertTrue(Double.isNaN(soft.std()));
    // "mine" reported no TAR at 1e-2, so only FAR 1e-1 is a column: every cell compares like with
    // like
    assertNull(cos.get("test TAR@FAR=1e-2"));
    assertEquals(0.5, s.get(3).get("test TAR@FAR=1e-1").mean(), 0.0);
  }

  @Test
  void markdownHasOneRowPerMethodInThePapersForm() throws IOException {
    List<MethodSummary> s = ComparisonTable.write(handMade(), dir.toString());
    String md = Files.readString(dir.resolve("comparison.md"));
    List<String> header = null;
    Map<String, List<String>> rows = new LinkedHashMap<>();
    // the main table: everything before the first section
    for (String line : md.substring(0, md.indexOf("\n## ")).split("\n")) {
      if (line.startsWith("| method")) {
        header = ReportFiles.cells(line);
      } else if (line.startsWith("|") && !line.startsWith("| ---")) {
        rows.put(ReportFiles.cells(line).get(0), ReportFiles.cells(line));
      }
    }
    assertEquals(
        List.of(
            "method",
            "seeds",
            "val",
            "test",
            "test AUC",
            "test TAR@FAR=1e-1",
            "training compute (s)",
            "steps",
            "final-model epochs"),
        header);
    assertEquals(
        List.of("Softmax", "AM-Softmax (CosFace)", "Search-Softmax", "mine"),
        new ArrayList<>(rows.keySet()));
    assertEquals(
        List.of(
            "AM-Softmax (CosFace)",
            "3",
            "62.50 ± 12.50",
            "75.00 ± 25.00",
            "0.8500 ± 0.0707 (n=2)",
            "50.00 ± 25.00",
            "20.0 ± 10.0",
            "2,000 ± 1,000",
            "2.00 ± 0.00"),
        rows.get("AM-Softmax (CosFace)"));
    assertEquals("50.00", rows.get("Softmax").get(3), "a single seed shows its value alone");
    assertEquals(
        String.format(Locale.ROOT, "%.2f ± %.2f", 50.0, 100 * Math.sqrt(2) / 4),
        rows.get("Search-Softmax").get(3));
    assertTrue(md.contains("![verification accuracy by method, mean ± std over seeds"), md);

    List<MethodComparison> back =
        AvroFiles.read(dir.resolve("comparison.avro").toString(), MethodComparison.class);
    assertEquals(7, back.size());
    assertEquals(
        List.of("softmax", "cosface", "cosface", "cosface", "search", "search", "mine"),
        back.stream().map(MethodComparison::getMethod).toList());
    assertEquals(
        List.of(1L, 2L, 3L), back.subList(1, 4).stream().map(MethodComparison::getSeed).toList());
    BufferedImage png = ReportFiles.png(dir.resolve("comparison.png"));
    assertEquals(ReportCharts.WIDTH, png.getWidth());
    assertEquals(
        2 * ReportCharts.HEIGHT, png.getHeight(), "accuracies above, paired differences below");
    assertEquals(4, s.size());
  }

  @Test
  void fromSearchOutputFolders() throws IOException {
    Map<String, List<String>> runs = new LinkedHashMap<>();
    Map<String, SearchFixture> fixtures = new LinkedHashMap<>();
    double[] cosAcc = {0.90, 0.94};
    double[] searchAcc = {0.93, 0.95};
    for (int seed = 1; seed <= 2; seed++) {
      String cos = dir.resolve("cosface-" + seed).toString();
      fixtures.put(
          cos,
          new SearchFixture()
              .mode(SearchMode.FIXED)
              .rounds(3)
              .seed(seed)
              .testAccuracy(cosAcc[seed - 1])
              .write(cos));
      runs.computeIfAbsent("cosface", k -> new ArrayList<>()).add(cos);
      String search = dir.resolve("search-" + seed).toString();
      fixtures.put(
          search,
          new SearchFixture()
              .rounds(3)
              .seed(seed)
              .allFailed(2)
              .noRoc()
              .testAccuracy(searchAcc[seed - 1])
              .write(search));
      runs.computeIfAbsent("search", k -> new ArrayList<>()).add(search);
    }
    String out = dir.resolve("compare").toString();
    List<MethodSummary> s = ComparisonTable.write(runs, out);

    List<MethodComparison> back = AvroFiles.read(out + "/comparison.avro", MethodComparison.class);
    assertEquals(4, back.size());
    for (MethodComparison r : back) {
      SearchFixture f = fixtures.get(r.getRunDir());
      List<TrainResult> results = f.written.stream().flatMap(x -> x.results().stream()).toList();
      assertEquals(
          results.stream().mapToLong(TrainResult::getWallMillis).sum() / 1000.0,
          r.getTrainingSeconds(),
          1e-9);
      assertEquals(results.stream().mapToLong(TrainResult::getSteps).sum(), r.getTrainingSteps());
      assertEquals(f.seed, r.getSeed());
      assertEquals(f.test.getAccuracyMean(), r.getEvaluations().get(0).getAccuracyMean());
      assertEquals(f.written.get(2).policyState().getBestReward(), r.getValAccuracy());
      // search round 2 failed entirely, so its final model trained in rounds 1 and 3 only
      assertEquals(r.getMethod().equals("search") ? 2.0 : 3.0, r.getFinalModelEpochs(), 0.0);
      assertEquals(r.getMethod().equals("search") ? "SEARCH" : "FIXED", r.getMode());
      // no imagesSeen field in these results: steps × the recorded batch size
      assertEquals(
          results.stream().mapToLong(TrainResult::getSteps).sum() * SearchFixture.BATCH,
          r.getTrainingImages());
      if (r.getMethod().equals("cosface")) {
        assertEquals(0.35, r.getLossMargin(), 0.0);
        assertNull(r.getSampledMargins());
      } else {
        assertNull(r.getLossMargin());
        // m_eq = ln(1 + |a|)/32 of every sampled a, by hand from the candidates written
        double[] m =
            f.written.stream()
                .flatMap(x -> x.candidates().stream())
                .mapToDouble(c -> Math.log1p(-c.getParams().getA()) / 32)
                .sorted()
                .toArray();
        assertEquals(m[0], r.getSampledMargins().getMin(), 1e-12);
        assertEquals(m[m.length - 1], r.getSampledMargins().getMax(), 1e-12);
        assertEquals(m.length, r.getSampledMargins().getValues());
        assertEquals(
            (m[m.length / 2 - 1] + m[m.length / 2]) / 2, r.getSampledMargins().getMedian(), 1e-12);
      }
    }
    double lowest =
        back.stream()
            .filter(r -> r.getSampledMargins() != null)
            .mapToDouble(r -> r.getSampledMargins().getMin())
            .min()
            .getAsDouble();
    double highest =
        back.stream()
            .filter(r -> r.getSampledMargins() != null)
            .mapToDouble(r -> r.getSampledMargins().getMax())
            .max()
            .getAsDouble();
    MeanStd cos = s.get(0).get("test");
    assertEquals("cosface", s.get(0).method());
    assertEquals(0.92, cos.mean(), 1e-15);
    assertEquals(Math.sqrt(2) * 0.02, cos.std(), 1e-15);
    String md = Files.readString(Path.of(out, "comparison.md"));
    assertTrue(
        md.contains(String.format(Locale.ROOT, "| %.2f ± %.2f |", 92.0, 100 * Math.sqrt(2) * 0.02)),
        md);
    assertFalse(md.contains("(n=1)"), "every run has every figure");
    // images seen: a column, and the accuracy-against-compute plot
    assertTrue(md.contains("| images seen |") || md.contains("images seen"), md);
    assertTrue(Files.size(Path.of(out, "compute.png")) > 0);
    assertTrue(md.contains("![test accuracy against training images seen"), md);
    // the search's reach, and where the best fixed loss (CosFace, m = 0.35) lies against it
    String reach =
        String.format(
            Locale.ROOT,
            "Search-Softmax sampled CosFace-equivalent margins m_eq = ln(1 − a)/s of %.3f–%.3f",
            lowest,
            highest);
    assertTrue(md.contains(reach), md);
    String where = 0.35 > highest ? "above" : 0.35 < lowest ? "below" : "inside";
    assertTrue(
        md.contains(
            "The best fixed loss by validation, AM-Softmax (CosFace) (m = 0.350), lies " + where),
        md);
  }
}
