package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.TarAtFar;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One row per set and variant; TAR columns are the union of the FARs, "–" where a set lacks one.
 */
class BenchmarkTableTest {
  @Test
  void oneRowPerSetAndVariantWithTheFiguresOfEach() {
    Random rng = new Random(3);
    EvalMetrics lfw = SearchFixture.metrics(null, "lfw", 0.9912, 0.0031, rng);
    EvalMetrics lfwFlip =
        EvalMetrics.newBuilder(SearchFixture.metrics(null, "lfw", 0.9934, 0.0025, rng))
            .setFlipFusion(true)
            .setTarAtFar(
                List.of(
                    new TarAtFar(0.1, 0.99, 0.2),
                    new TarAtFar(0.01, 0.97, 0.3),
                    new TarAtFar(0.001, 0.9234, 0.5)))
            .build();
    EvalMetrics small =
        EvalMetrics.newBuilder(SearchFixture.metrics(null, "orl", 0.8, 0.05, rng))
            .setPairs(300)
            .setAuc(null)
            .setTarAtFar(List.of(new TarAtFar(0.1, 0.5, 0.2)))
            .build();
    String md = "\n## t\n\n" + BenchmarkTable.markdown(List.of(lfw, lfwFlip, small));
    List<String> header = ReportFiles.row(md, "t", BenchmarkTable.SET);
    assertEquals(
        List.of(
            "set",
            "flip fusion",
            "pairs (folds)",
            "accuracy (%), mean ± std over folds",
            "threshold",
            "AUC",
            "EER (%)",
            "TAR (%) @ FAR=1e-1",
            "TAR (%) @ FAR=1e-2",
            "TAR (%) @ FAR=1e-3"),
        header);
    List<String> lines = md.lines().filter(l -> l.startsWith("|")).toList();
    assertEquals(5, lines.size(), "header, rule and three rows");
    List<String> plain = ReportFiles.cells(lines.get(2));
    List<String> flip = ReportFiles.cells(lines.get(3));
    List<String> orl = ReportFiles.cells(lines.get(4));
    assertEquals(List.of("lfw", "no", "600 (10)", "99.12 ± 0.31"), plain.subList(0, 4));
    assertEquals("–", plain.get(9), "the plain variant does not resolve FAR 1e-3");
    assertEquals(List.of("lfw", "yes", "600 (10)", "99.34 ± 0.25"), flip.subList(0, 4));
    assertEquals("92.34", flip.get(9));
    assertEquals("97.00", flip.get(8));
    assertEquals(
        List.of("orl", "no", "300 (10)", "80.00 ± 5.00", "0.3100", "–"), orl.subList(0, 6));
    assertEquals(List.of("50.00", "–", "–"), orl.subList(7, 10));
  }

  @Test
  void noFlipColumnWhenNoSetUsesFlipFusion() {
    EvalMetrics test = SearchFixture.metrics(null, "test", 0.9, 0.01, new Random(1));
    String md = "\n## t\n\n" + BenchmarkTable.markdown(List.of(test));
    assertEquals("pairs (folds)", ReportFiles.row(md, "t", BenchmarkTable.SET).get(1));
  }
}
