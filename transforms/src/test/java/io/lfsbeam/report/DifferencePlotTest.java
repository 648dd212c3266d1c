package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.stats.StudentT;
import io.lfsbeam.stats.TotalNoise;
import io.lfsbeam.stats.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class DifferencePlotTest {
  private static PairedComparison c(
      String method, String against, PairedComparison.Role role, TotalNoise t, Verdict v) {
    return new PairedComparison(method, against, role, t, t.pValue(), t.pValue(), 2, v);
  }

  @Test
  void everyBoundedIntervalIsABarAtItsComparisonsRow() {
    // SE² = 0.0001 + 0.0003 = 0.0004 (SE 0.02) on 10 degrees of freedom
    TotalNoise resolved = new TotalNoise(0.05, 5, 1e-4, 3e-4, 600, 40, 39, 10);
    TotalNoise open = new TotalNoise(0.01, 5, 1e-4, 3e-4, 600, 40, 39, 10);
    TotalNoise oneSeed = new TotalNoise(0.003, 1, Double.NaN, 3e-4, 600, 40, 39, Double.NaN);
    List<PairedComparison> comparisons =
        List.of(
            c("search", "softmax", PairedComparison.Role.REFERENCE, resolved, Verdict.BETTER),
            c(
                "random",
                "softmax",
                PairedComparison.Role.REFERENCE,
                open,
                Verdict.NOT_DISTINGUISHABLE),
            c(
                "search",
                "population:softmax",
                PairedComparison.Role.CONTROL,
                oneSeed,
                Verdict.MORE_SEEDS));
    XYChart chart = DifferencePlot.chart(comparisons).orElseThrow();
    assertEquals(
        "Paired Δ test accuracy, 95 % intervals: reference Softmax, control Pop. Softmax",
        chart.getTitle());
    double half = 100 * StudentT.quantile(0.975, 10.0) * 0.02;
    // the first comparison is the top row (y = 3 of 3); resolved after Holm, its own legend entry
    XYSeries top = chart.getSeriesMap().get(DifferencePlot.RESOLVED);
    assertArrayEquals(new double[] {5 - half, 5 + half}, top.getXData(), 1e-9);
    assertArrayEquals(new double[] {3, 3}, top.getYData(), 1e-9);
    XYSeries second = chart.getSeriesMap().get(DifferencePlot.OPEN);
    assertArrayEquals(new double[] {1 - half, 1 + half}, second.getXData(), 1e-9);
    assertArrayEquals(new double[] {2, 2}, second.getYData(), 1e-9);
    // one seed: the third comparison has its mean and no bar (zero line + 2 bars + means)
    assertEquals(4, chart.getSeriesMap().size(), chart.getSeriesMap().keySet().toString());
    assertArrayEquals(
        new double[] {5.0, 1.0, 0.3},
        chart.getSeriesMap().get("mean paired difference").getXData(),
        1e-9);
  }

  @Test
  void nothingPairedNoChart() {
    assertTrue(DifferencePlot.chart(List.of()).isEmpty());
  }
}
