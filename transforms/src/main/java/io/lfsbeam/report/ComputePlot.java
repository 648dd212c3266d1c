package io.lfsbeam.report;

import io.lfsbeam.report.ComparisonColumn.Source;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * compute.png: each method's test accuracy (mean ± std over seeds) against the training images it
 * saw over all its candidates (mean over seeds), on a log axis, since a search spends about M times
 * a fixed loss's compute. Images seen rather than seconds: they are the same on every machine and
 * under any load.
 */
final class ComputePlot {
  static final String FILE = "compute.png";

  private ComputePlot() {}

  /** Empty when no method has both an accuracy on {@code accuracy} and images seen. */
  static Optional<XYChart> chart(List<MethodSummary> summaries, List<ComparisonColumn> columns) {
    ComparisonColumn images =
        columns.stream().filter(c -> c.source() == Source.IMAGES).findFirst().orElse(null);
    ComparisonColumn accuracy = primaryAccuracy(columns);
    if (images == null || accuracy == null) {
      return Optional.empty();
    }
    XYChart chart =
        new XYChartBuilder()
            .width(ReportCharts.WIDTH)
            .height(ReportCharts.HEIGHT)
            .title("Test accuracy against training compute (mean ± std over seeds)")
            .xAxisTitle("training images seen, all candidates (log scale)")
            .yAxisTitle(accuracy.label() + " verification accuracy (%)")
            .build();
    ReportCharts.style(chart.getStyler());
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    chart.getStyler().setYAxisDecimalPattern("0.#");
    int k = 0;
    for (MethodSummary s : summaries) {
      MeanStd x = s.figures().get(images);
      MeanStd y = s.figures().get(accuracy);
      if (x == null || y == null || !(x.mean() > 0)) {
        continue;
      }
      double err = Double.isNaN(y.std()) ? 0 : 100 * y.std();
      XYSeries series =
          chart.addSeries(
              ComparisonTable.shortName(s.method()),
              new double[] {x.mean()},
              new double[] {100 * y.mean()},
              new double[] {err});
      series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
      series.setMarker(k < 5 ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
      series.setMarkerColor(ReportCharts.PALETTE[k++ % ReportCharts.PALETTE.length]);
    }
    return k == 0 ? Optional.empty() : Optional.of(chart);
  }

  /** The test set's accuracy column (else the first evaluation set's). */
  static ComparisonColumn primaryAccuracy(List<ComparisonColumn> columns) {
    List<ComparisonColumn> sets =
        columns.stream().filter(c -> c.source() == Source.ACCURACY).toList();
    return sets.stream()
        .filter(c -> "test".equals(c.evalSet()))
        .findFirst()
        .orElse(sets.isEmpty() ? null : sets.get(0));
  }
}
