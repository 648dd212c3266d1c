package io.lfsbeam.report;

import io.lfsbeam.io.AtomicFile;
import io.lfsbeam.metrics.Roc;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * ROC curves as a PNG: TAR against FAR on a logarithmic FAR axis, which is where face models differ
 * (at FAR 1e-1 most models are near TAR 1; the paper's tables go to 1e-6).
 *
 * <p>The axis starts at the smallest non-zero FAR the data can show (1 / impostor pairs); points
 * with FAR 0 cannot sit on a log axis and are left out, so the curve ends at the last measurable
 * FAR instead of inventing one. Curves are thinned to a few thousand points (a change of 0.5 % in
 * FAR or 0.1 % in TAR), which is invisible at plot resolution and keeps a million-pair ROC cheap;
 * the exact points are what {@code roc.tsv} is for. The dashed line is chance (TAR = FAR).
 */
public final class RocPlot {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 600;

  private RocPlot() {}

  /** One curve, its legend naming AUC and EER. */
  public static void write(Roc roc, String title, Path png) throws IOException {
    Map<String, Roc> one = new LinkedHashMap<>();
    one.put(label("ROC", roc), roc);
    write(one, title, png);
  }

  /** Several curves on one chart (e.g. the candidates of a search), legends as given. */
  public static void write(Map<String, Roc> curves, String title, Path png) throws IOException {
    if (curves.isEmpty()) {
      throw new IllegalArgumentException("no ROC curve to plot");
    }
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty(
          "java.awt.headless", "true"); // plots are drawn on servers without a display
    }
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("false accept rate (log scale)")
            .yAxisTitle("true accept rate")
            .build();
    XYStyler style = chart.getStyler();
    style.setXAxisLogarithmic(true);
    style.setYAxisMin(0.0);
    style.setYAxisMax(1.0);
    style.setXAxisMax(1.0);
    style.setXAxisDecimalPattern("0.#E0");
    style.setPlotGridLinesVisible(true);
    style.setLegendPosition(Styler.LegendPosition.InsideSE);
    style.setChartBackgroundColor(Color.WHITE);
    double minFar = 1.0;
    for (Map.Entry<String, Roc> e : curves.entrySet()) {
      double[][] xy = thinned(e.getValue());
      minFar = Math.min(minFar, 1.0 / e.getValue().impostorCount());
      XYSeries s = chart.addSeries(e.getKey(), xy[0], xy[1]);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineWidth(2f);
    }
    chart.getStyler().setXAxisMin(minFar);
    int n = 50;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.pow(10, Math.log10(minFar) * (1 - i / (n - 1.0)));
    }
    XYSeries chance = chart.addSeries("chance", x, x.clone());
    chance.setMarker(SeriesMarkers.NONE);
    chance.setLineColor(Color.GRAY);
    chance.setLineStyle(
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    // published whole: a reader (or a crash) never sees half a PNG
    AtomicFile.write(png, bytes);
  }

  /** "name (AUC 0.9981, EER 1.23%)". */
  public static String label(String name, Roc roc) {
    return String.format(
        Locale.ROOT, "%s (AUC %.4f, EER %.2f%%)", name, roc.auc(), 100 * roc.eer());
  }

  /**
   * Points with FAR > 0, in increasing FAR, thinned; the first and last such points are always
   * kept.
   */
  static double[][] thinned(Roc roc) {
    List<double[]> kept = new ArrayList<>();
    int last = -1;
    for (int i = roc.size() - 1;
        i >= 0;
        i--) { // increasing threshold = decreasing FAR: walk backwards
      if (roc.far(i) > 0) {
        last = i;
        break;
      }
    }
    double[] prev = null;
    for (int i = last; i >= 0; i--) {
      double far = roc.far(i);
      double tar = roc.tar(i);
      boolean end = i == 0 || i == last;
      if (end || prev == null || far > prev[0] * 1.005 || Math.abs(tar - prev[1]) > 0.001) {
        prev = new double[] {far, tar};
        kept.add(prev);
      }
    }
    double[][] out = new double[2][kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      out[0][i] = kept.get(i)[0];
      out[1][i] = kept.get(i)[1];
    }
    return out;
  }
}
