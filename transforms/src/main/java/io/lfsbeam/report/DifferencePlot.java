package io.lfsbeam.report;

import io.lfsbeam.stats.Interval;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The lower half of comparison.png, a forest plot: one row per paired comparison (first on top),
 * its mean difference in test accuracy (pp) with its 95 % interval on the total noise (seeds and
 * test pairs), against a dashed zero line; bars of differences that survive Holm's correction are
 * drawn in orange. Horizontal, so the comparison names fit as axis labels.
 */
final class DifferencePlot {
  /** The legend names of the two bar kinds. */
  static final String OPEN = "95 % interval (seeds + test pairs)";

  static final String RESOLVED = "resolved after Holm";

  private DifferencePlot() {}

  static Optional<XYChart> chart(List<PairedComparison> comparisons) {
    if (comparisons.isEmpty()) {
      return Optional.empty();
    }
    XYChart chart =
        new XYChartBuilder()
            .width(ReportCharts.WIDTH)
            .height(ReportCharts.HEIGHT)
            .title(title(comparisons))
            .xAxisTitle("Δ test accuracy (pp)")
            .yAxisTitle("")
            .build();
    ReportCharts.style(chart.getStyler());
    int n = comparisons.size();
    List<String> labels = new ArrayList<>();
    for (PairedComparison c : comparisons) {
      labels.add(
          ComparisonTable.shortName(c.method())
              + (c.role() == PairedComparison.Role.CONTROL ? " − control" : " − reference"));
    }
    // ticks start at the axis minimum: from 0, with a spacing of at most one unit, every integer
    // (one per comparison) gets a tick and a label
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(n + 1.0);
    chart
        .getStyler()
        .setYAxisTickMarkSpacingHint(Math.max(20, (int) (0.7 * ReportCharts.HEIGHT / (n + 1))));
    // XChart drops every label unless all are distinct: blank ones are zero-width spaces whose
    // count encodes the value (as ReportCharts.roundLabel)
    chart.setCustomYAxisTickLabelsFormatter(
        y -> {
          long i = Math.round(y);
          return Math.abs(y - i) < 1e-9 && i >= 1 && i <= n
              ? labels.get((int) (n - i))
              : "\u200B".repeat(1 + (int) Math.round(Math.abs(y) * 8));
        });
    chart.getStyler().setXAxisDecimalPattern("+0.0;-0.0");
    XYSeries zero = chart.addSeries("0", new double[] {0, 0}, new double[] {0, n + 1.0});
    zero.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    zero.setMarker(SeriesMarkers.NONE);
    zero.setLineColor(ReportCharts.GREY);
    zero.setLineStyle(ReportCharts.DASHED);
    zero.setShowInLegend(false);
    List<Double> mx = new ArrayList<>();
    List<Double> my = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PairedComparison c = comparisons.get(i);
      double y = n - i;
      boolean resolved = c.verdict().resolved();
      bar(
          chart,
          resolved ? RESOLVED : OPEN,
          i,
          y,
          c.interval(),
          resolved ? ReportCharts.ORANGE : ReportCharts.BLUE);
      mx.add(100 * c.noise().estimate());
      my.add(y);
    }
    XYSeries means = chart.addSeries("mean paired difference", mx, my);
    means.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    means.setMarker(SeriesMarkers.DIAMOND);
    means.setMarkerColor(ReportCharts.GREY);
    return Optional.of(chart);
  }

  /** "Paired Δ test accuracy, 95 % intervals: reference Softmax, control Pop. Softmax". */
  static String title(List<PairedComparison> comparisons) {
    List<String> against = new ArrayList<>();
    for (PairedComparison.Role role : PairedComparison.Role.values()) {
      comparisons.stream()
          .filter(c -> c.role() == role)
          .findFirst()
          .ifPresent(
              c ->
                  against.add(
                      role.name().toLowerCase(Locale.ROOT)
                          + " "
                          + ComparisonTable.shortName(c.against())));
    }
    return "Paired Δ test accuracy, 95 % intervals: " + String.join(", ", against);
  }

  /** One interval as a horizontal segment; the legend names the first of each kind. */
  private static void bar(
      XYChart chart, String name, int index, double y, Interval interval, Color color) {
    if (interval == null || !interval.bounded()) {
      return;
    }
    boolean first = !chart.getSeriesMap().containsKey(name);
    XYSeries s =
        chart.addSeries(
            first ? name : name + " " + index,
            new double[] {100 * interval.low(), 100 * interval.high()},
            new double[] {y, y});
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setLineWidth(3f);
    s.setLineStyle(SeriesLines.SOLID);
    s.setShowInLegend(first);
  }
}
