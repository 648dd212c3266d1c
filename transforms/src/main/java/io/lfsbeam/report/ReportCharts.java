package io.lfsbeam.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The house style of every report chart (white, grid, legend under the plot, fonts readable when
 * GitHub scales the PNG down) and PNG encoding to bytes, so charts can go through Beam's
 * FileSystems to any store. Forces headless AWT: reports are made on servers.
 */
final class ReportCharts {
  static final int WIDTH = 960;
  static final int HEIGHT = 600;
  static final Color BLUE = new Color(31, 119, 180);
  static final Color ORANGE = new Color(255, 127, 14);
  static final Color GREEN = new Color(44, 160, 44);
  static final Color RED = new Color(214, 39, 40);
  static final Color GREY = new Color(110, 110, 110);
  static final Color[] PALETTE = {
    BLUE,
    ORANGE,
    GREEN,
    new Color(148, 103, 189),
    new Color(140, 86, 75),
    new Color(227, 119, 194),
    new Color(127, 127, 127),
    new Color(188, 189, 34),
    new Color(23, 190, 207),
    RED
  };
  static final BasicStroke DASHED =
      new BasicStroke(
          2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f);

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private ReportCharts() {}

  /** An XY chart with rounds on the x axis, labelled only at whole rounds. */
  static XYChart roundsChart(String title, String yTitle, int firstRound, int lastRound) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("round")
            .yAxisTitle(yTitle)
            .build();
    style(chart.getStyler());
    int span = Math.max(1, lastRound - firstRound + 1);
    chart.getStyler().setXAxisMin(firstRound - 0.5).setXAxisMax(lastRound + 0.5);
    // a tick spacing of about one round's width keeps XChart's ticks on whole rounds
    chart
        .getStyler()
        .setXAxisTickMarkSpacingHint(Math.max(74, Math.min(600, (int) Math.ceil(900.0 / span))));
    chart.setCustomXAxisTickLabelsFormatter(ReportCharts::roundLabel);
    return chart;
  }

  /**
   * Whole rounds as integers, anything else invisible. XChart drops every label unless all labels
   * are distinct, and also when the axis ends (half rounds) format alike, so the invisible labels
   * are zero-width spaces whose count encodes the value.
   */
  static String roundLabel(double x) {
    if (Math.abs(x - Math.rint(x)) < 1e-9) {
      return String.format(Locale.ROOT, "%d", Math.round(x));
    }
    return "\u200B".repeat(1 + (int) Math.min(100_000, Math.round(Math.abs(x) * 8)));
  }

  /**
   * Spreads the candidates of one round over ±0.3 round by index, so equal values stay visible and
   * each candidate keeps its place from round to round.
   */
  static double jitter(int round, int index, int count) {
    return count <= 1 ? round : round + 0.6 * (index / (double) (count - 1) - 0.5);
  }

  static void style(AxesChartStyler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(true);
    s.setPlotGridLinesVisible(true);
    s.setPlotGridLinesColor(new Color(225, 225, 225));
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    // XChart's horizontal legend runs one entry's text into the next entry's symbol: stack them
    s.setLegendLayout(Styler.LegendLayout.Vertical);
    s.setLegendBorderColor(Color.WHITE);
    s.setLegendPadding(10);
    s.setLegendSeriesLineLength(36);
    s.setChartTitleBoxVisible(false);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setMarkerSize(9);
    s.setAntiAlias(true);
  }

  static byte[] png(Chart<?, ?> chart) throws IOException {
    return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
  }

  static double[] unbox(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
