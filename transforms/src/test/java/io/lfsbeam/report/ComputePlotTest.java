package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.report.ComparisonColumn.Kind;
import io.lfsbeam.report.ComparisonColumn.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ComputePlotTest {
  static final ComparisonColumn TEST =
      new ComparisonColumn("test", Kind.PERCENT, Source.ACCURACY, "test", null);
  static final ComparisonColumn IMAGES =
      ComparisonColumn.run("images seen", Kind.COUNT, Source.IMAGES);

  /** One point per method at (mean images seen, mean test accuracy in %), its std as error bar. */
  @Test
  void aPointPerMethodAtItsComputeAndAccuracy() {
    List<MethodSummary> s =
        List.of(
            new MethodSummary(
                "cosface",
                List.of(1L, 2L),
                Map.of(TEST, new MeanStd(0.8, 0.02, 2), IMAGES, new MeanStd(2880, 0, 2))),
            new MethodSummary(
                "search",
                List.of(1L, 2L),
                Map.of(TEST, new MeanStd(0.82, 0.01, 2), IMAGES, new MeanStd(11520, 0, 2))),
            new MethodSummary("mine", List.of(1L), Map.of(TEST, new MeanStd(0.7, Double.NaN, 1))));
    XYChart chart = ComputePlot.chart(s, List.of(TEST, IMAGES)).orElseThrow();
    assertTrue(chart.getStyler().isXAxisLogarithmic());
    XYSeries cos = chart.getSeriesMap().get("AM-Softmax");
    assertArrayEquals(new double[] {2880}, cos.getXData(), 0);
    assertArrayEquals(new double[] {80}, cos.getYData(), 1e-12);
    assertArrayEquals(new double[] {2}, cos.getExtraValues(), 1e-12);
    assertArrayEquals(new double[] {11520}, chart.getSeriesMap().get("Search").getXData(), 0);
    assertEquals(2, chart.getSeriesMap().size(), "a method without images seen has no point");
  }

  @Test
  void noImagesNoPlot() {
    assertTrue(ComputePlot.chart(List.of(), List.of(TEST)).isEmpty());
  }
}
