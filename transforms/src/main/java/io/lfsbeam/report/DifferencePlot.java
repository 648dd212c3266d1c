package io.lfsbeam.report;

import io.lfsbeam.stats.Interval;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The lower half of comparison.png: one column per paired comparison, its mean difference in test
 * accuracy (pp) with the 95 % t interval over seeds (left bar) and the bootstrap interval over test
 * pairs (right bar), against a dashed zero line.
 */
final class DifferencePlot {
  /** Horizontal offset of the two bars of one comparison. */
  private static final double OFFSET = 0.12;

  private DifferencePlot() {}

  static Optional<XYChart> chart(List<PairedComparison> comparisons) {
    if (comparisons.isEmpty()) {
      return Optional.empty();
    }
    XYChart chart =
        new XYChartBuilder()
            .width(ReportCharts.WIDTH)
            .height(ReportCharts.HEIGHT)
            .title("Paired difference in test accuracy (95 % intervals)")
            .xAxisTitle("comparison")
            .yAxisTitle("Δ test accuracy (pp)")
            .build();
    ReportCharts.style(chart.getStyler());
    List<String> labels = new ArrayList<>();
    for (PairedComparison c : comparisons) {
      labels.add(
          ComparisonTable.shortName(c.method())
              + (c.role() == PairedComparison.Role.CONTROL ? " − control" : " − ref."));
    }
    int n = comparisons.size();
    chart.getStyler().setXAxisMin(0.5);
    chart.getStyler().setXAxisMax(n + 0.5);
    chart.getStyler().setXAxisTickMarkSpacingHint(Math.max(40, ReportCharts.WIDTH / (n + 1)));
    chart
        .getStyler()
        .setxAxisTickLabelsFormattingFunction(
            x -> {
              long i = Math.round(x);
              return Math.abs(x - i) < 1e-6 && i >= 1 && i <= n ? labels.get((int) i - 1) : "";
            });
    if (labels.stream().mapToInt(String::length).sum() > 70) {
      chart.getStyler().setXAxisLabelRotation(20);
    }
    chart.getStyler().setYAxisDecimalPattern("+0.0;-0.0");
    XYSeries zero = chart.addSeries("0", new double[] {0.5, n + 0.5}, new double[] {0, 0});
    zero.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    zero.setMarker(SeriesMarkers.NONE);
    zero.setLineColor(ReportCharts.GREY);
    zero.setLineStyle(ReportCharts.DASHED);
    zero.setShowInLegend(false);
    List<Double> mx = new ArrayList<>();
    List<Double> my = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PairedComparison c = comparisons.get(i);
      bar(chart, "t interval over seeds", i, i + 1 - OFFSET, c.seeds(), ReportCharts.BLUE);
      bar(chart, "bootstrap over test pairs", i, i + 1 + OFFSET, c.pairs(), ReportCharts.ORANGE);
      mx.add(i + 1.0);
      my.add(100 * c.seeds().estimate());
    }
    XYSeries means = chart.addSeries("mean paired difference", mx, my);
    means.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    means.setMarker(SeriesMarkers.DIAMOND);
    means.setMarkerColor(ReportCharts.GREY);
    return Optional.of(chart);
  }

  /** One interval as a vertical segment; the legend names the first of each kind. */
  private static void bar(
      XYChart chart, String name, int index, double x, Interval interval, Color color) {
    if (interval == null || !interval.bounded()) {
      return;
    }
    XYSeries s =
        chart.addSeries(
            index == 0 ? name : name + " " + index,
            new double[] {x, x},
            new double[] {100 * interval.low(), 100 * interval.high()});
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setMarkerColor(color);
    s.setLineWidth(3f);
    s.setShowInLegend(index == 0);
  }
}
