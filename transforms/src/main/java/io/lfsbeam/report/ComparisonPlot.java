package io.lfsbeam.report;

import io.lfsbeam.report.ComparisonColumn.Source;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;

/**
 * comparison.png: each method's accuracies (validation and every evaluation set) with ±1 std error
 * bars and, below, the paired differences in test accuracy with their 95 % intervals on the total
 * noise (seeds and identity-clustered test pairs, {@link io.lfsbeam.stats.TotalNoise}).
 */
final class ComparisonPlot {
  private ComparisonPlot() {}

  /** Both charts stacked in one PNG (the accuracy chart alone when nothing is paired). */
  static Optional<byte[]> render(
      List<MethodSummary> summaries,
      List<ComparisonColumn> columns,
      List<PairedComparison> comparisons)
      throws IOException {
    Optional<CategoryChart> top = accuracyChart(summaries, columns);
    Optional<XYChart> bottom = DifferencePlot.chart(comparisons);
    if (top.isEmpty() && bottom.isEmpty()) {
      return Optional.empty();
    }
    List<BufferedImage> images = new ArrayList<>();
    top.ifPresent(c -> images.add(BitmapEncoder.getBufferedImage(c)));
    bottom.ifPresent(c -> images.add(BitmapEncoder.getBufferedImage(c)));
    int width = images.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
    int height = images.stream().mapToInt(BufferedImage::getHeight).sum();
    BufferedImage all = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    int y = 0;
    for (BufferedImage i : images) {
      g.drawImage(i, 0, y, null);
      y += i.getHeight();
    }
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(all, "png", png);
    return Optional.of(png.toByteArray());
  }

  static Optional<byte[]> accuracy(List<MethodSummary> summaries, List<ComparisonColumn> columns)
      throws IOException {
    Optional<CategoryChart> chart = accuracyChart(summaries, columns);
    return chart.isEmpty() ? Optional.empty() : Optional.of(ReportCharts.png(chart.get()));
  }

  private static Optional<CategoryChart> accuracyChart(
      List<MethodSummary> summaries, List<ComparisonColumn> columns) {
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
    return Optional.of(chart);
  }
}
