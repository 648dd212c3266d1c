package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.stats.Interval;
import io.lfsbeam.stats.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class DifferencePlotTest {
  private static PairedComparison c(
      String method, String against, PairedComparison.Role role, Interval t, Interval b) {
    return new PairedComparison(method, against, role, t, b, Verdict.of(t, b));
  }

  @Test
  void everyBoundedIntervalIsABarAtItsComparisonsRow() {
    List<PairedComparison> comparisons =
        List.of(
            c(
                "search",
                "softmax",
                PairedComparison.Role.REFERENCE,
                new Interval(0.01, 0.002, 0.02, 0.95, 5),
                new Interval(0.01, -0.004, 0.025, 0.95, 600)),
            c(
                "search",
                "population:softmax",
                PairedComparison.Role.CONTROL,
                Interval.pointOnly(0.003, 0.95, 1),
                null));
    XYChart chart = DifferencePlot.chart(comparisons).orElseThrow();
    assertEquals(
        "Paired Δ test accuracy, 95 % intervals: reference Softmax, control Pop. Softmax",
        chart.getTitle());
    XYSeries t = chart.getSeriesMap().get("t interval over seeds");
    // the first comparison is the top row (y = 2 of 2), its t bar just above the row in pp
    assertArrayEquals(new double[] {0.2, 2.0}, t.getXData(), 1e-9);
    assertArrayEquals(new double[] {2.12, 2.12}, t.getYData(), 1e-9);
    XYSeries b = chart.getSeriesMap().get("bootstrap over test pairs");
    assertArrayEquals(new double[] {-0.4, 2.5}, b.getXData(), 1e-9);
    // one seed and no pair scores: the second comparison has its mean and no bar
    assertEquals(4, chart.getSeriesMap().size(), chart.getSeriesMap().keySet().toString());
    assertArrayEquals(
        new double[] {1.0, 0.3},
        chart.getSeriesMap().get("mean paired difference").getXData(),
        1e-9);
  }

  @Test
  void nothingPairedNoChart() {
    assertTrue(DifferencePlot.chart(List.of()).isEmpty());
  }
}
