package io.lfsbeam.report;

import io.lfsbeam.report.ComparisonColumn.Source;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/**
 * comparison.png: each method's accuracies (validation and every evaluation set) with ±1 std error
 * bars.
 */
final class ComparisonPlot {
  private ComparisonPlot() {}

  static Optional<byte[]> accuracy(List<MethodSummary> summaries, List<ComparisonColumn> columns)
      throws IOException {
    List<ComparisonColumn> shown =
        columns.stream()
            .filter(c -> c.source() == Source.VAL || c.source() == Source.ACCURACY)
            .toList();
    if (summaries.isEmpty()
        || shown.stream()
            .noneMatch(c -> summaries.stream().anyMatch(s -> s.figures().containsKey(c)))) {
      return Optional.empty();
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(ReportCharts.WIDTH)
            .height(ReportCharts.HEIGHT)
            .title("Verification accuracy by method (mean ± std over seeds)")
            .xAxisTitle("method")
            .yAxisTitle("verification accuracy (%)")
            .build();
    ReportCharts.style(chart.getStyler());
    chart.getStyler().setErrorBarsColorSeriesColor(false);
    chart.getStyler().setErrorBarsColor(Color.BLACK);
    chart.getStyler().setAvailableSpaceFill(0.75);
    chart.getStyler().setYAxisDecimalPattern("0.#");
    List<String> methods =
        summaries.stream().map(s -> ComparisonTable.shortName(s.method())).toList();
    if (methods.stream().mapToInt(String::length).sum() > 80) {
      chart.getStyler().setXAxisLabelRotation(20);
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int k = 0;
    for (ComparisonColumn c : shown) {
      List<Double> y = new ArrayList<>();
      List<Double> err = new ArrayList<>();
      for (MethodSummary s : summaries) {
        MeanStd v = s.figures().get(c);
        double mean = v == null ? 0 : 100 * v.mean();
        double sd = v == null || Double.isNaN(v.std()) ? 0 : 100 * v.std();
        y.add(mean);
        err.add(sd);
        if (v != null) {
          lo = Math.min(lo, mean - sd);
          hi = Math.max(hi, mean + sd);
        }
      }
      CategorySeries series =
          chart.addSeries(c.source() == Source.VAL ? "validation" : c.label(), methods, y, err);
      series.setFillColor(ReportCharts.PALETTE[k++ % ReportCharts.PALETTE.length]);
    }
    // accuracies of competing methods sit within a few points: a zero-based axis would hide every
    // difference
    double pad = Math.max(0.5, 0.15 * (hi - lo));
    chart.getStyler().setYAxisMin(Math.max(0, Math.floor(lo - pad)));
    chart.getStyler().setYAxisMax(Math.min(100, Math.ceil(hi + pad)));
    return Optional.of(ReportCharts.png(chart));
  }
}
