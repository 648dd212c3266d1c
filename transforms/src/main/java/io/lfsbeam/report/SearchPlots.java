package io.lfsbeam.report;

import io.lfsbeam.search.policy.CosFaceEquivalence;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The search's charts as PNG bytes. Each returns empty when the run has nothing to show (FIXED mode
 * has no μ, AM-LFS samples no a), so the report can say so instead of drawing an empty frame.
 * Failed candidates are drawn as red crosses wherever they appear.
 */
final class SearchPlots {
  /**
   * The hand-tuned AM-Softmax/CosFace margin (METHOD.md §1): the reference m_eq is read against.
   */
  static final double COSFACE_MARGIN = 0.35;

  private SearchPlots() {}

  /** μ after each round (left axis) and m_eq of the round's mean sampled a (right axis). */
  static Optional<byte[]> policy(SearchSummary s) throws IOException {
    List<RoundSummary> withMu = s.rounds().stream().filter(r -> !r.mu().isEmpty()).toList();
    if (withMu.isEmpty()) {
      return Optional.empty();
    }
    XYChart chart =
        ReportCharts.roundsChart(
            "Policy mean μ after each round" + (s.hasAnyA() ? " and the margin it samples" : ""),
            "policy mean μ",
            first(s),
            last(s));
    int components = withMu.get(0).mu().size();
    String mode = s.run().config("mode", "");
    chart.getStyler().setYAxisDecimalPattern("0.0##");
    for (int j = 0; j < components; j++) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (RoundSummary r : s.rounds()) {
        // a round without a policy state (all candidates failed) is a gap in the line
        x.add((double) r.round());
        y.add(r.mu().size() == components ? r.mu().get(j) : null);
      }
      XYSeries series = chart.addSeries(muLabel(mode, components, j), x, y);
      series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      series.setMarker(SeriesMarkers.CIRCLE);
      series.setLineColor(ReportCharts.PALETTE[j % ReportCharts.PALETTE.length]);
      series.setMarkerColor(ReportCharts.PALETTE[j % ReportCharts.PALETTE.length]);
    }
    if (s.hasAnyA()) {
      double scale = s.run().scale();
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (RoundSummary r : s.rounds()) {
        x.add((double) r.round());
        y.add(r.marginOfMeanA(scale));
      }
      XYSeries m = chart.addSeries("m_eq of the mean sampled a (right axis)", x, y);
      m.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      m.setYAxisGroup(1);
      m.setMarker(SeriesMarkers.DIAMOND);
      m.setLineColor(ReportCharts.GREY);
      m.setMarkerColor(ReportCharts.GREY);
      m.setLineStyle(ReportCharts.DASHED);
      chart.setYAxisGroupTitle(1, "CosFace-equivalent margin m_eq");
      chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
      chart.getStyler().putYAxisGroupDecimalPatternMap(1, "0.000");
    }
    return Optional.of(ReportCharts.png(chart));
  }

  /**
   * Every sampled |a| per round on a log axis (a spans orders of magnitude), with the round mean.
   */
  static Optional<byte[]> sampledA(SearchSummary s) throws IOException {
    if (!s.hasAnyA()) {
      return Optional.empty();
    }
    XYChart chart =
        ReportCharts.roundsChart(
            "Sampled modulating factor of each candidate (a ≤ 0, drawn as |a|)",
            "|a|  (log scale)",
            first(s),
            last(s));
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setYAxisDecimalPattern("#,##0.###");
    Points ok = new Points();
    Points failed = new Points();
    Points mean = new Points();
    for (RoundSummary r : s.rounds()) {
      addCandidates(r, a -> a != 0, a -> -a, ok, failed); // a = 0 has no place on a log axis
      List<Double> all = r.sampledA();
      double m = all.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      if (m != 0) {
        mean.add(r.round(), -m);
      }
    }
    candidates(chart, "candidate |a|", ok, failed);
    line(chart, "|mean a| of the round", mean, ReportCharts.GREY);
    return Optional.of(ReportCharts.png(chart));
  }

  /** m_eq = ln(1 − a)/s of every candidate, the round's m_eq of the mean a, and CosFace's 0.35. */
  static Optional<byte[]> margins(SearchSummary s) throws IOException {
    if (!s.hasAnyA()) {
      return Optional.empty();
    }
    double scale = s.run().scale();
    XYChart chart =
        ReportCharts.roundsChart(
            "CosFace-equivalent margin m_eq = ln(1 − a)/s of each candidate",
            "m_eq  (s = " + Fmt.fixed(scale, 0) + ")",
            first(s),
            last(s));
    Points ok = new Points();
    Points failed = new Points();
    Points mean = new Points();
    for (RoundSummary r : s.rounds()) {
      addCandidates(r, a -> true, a -> CosFaceEquivalence.margin(a, scale), ok, failed);
      Double m = r.marginOfMeanA(scale);
      if (m != null) {
        mean.add(r.round(), m);
      }
    }
    candidates(chart, "candidate m_eq", ok, failed);
    line(chart, "m_eq of the mean a", mean, ReportCharts.GREY);
    Points ref = new Points();
    ref.add(first(s) - 0.5, COSFACE_MARGIN);
    ref.add(last(s) + 0.5, COSFACE_MARGIN);
    XYSeries r = chart.addSeries("hand-tuned CosFace m = 0.35", ref.x, ref.y);
    r.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    r.setMarker(SeriesMarkers.NONE);
    r.setLineColor(ReportCharts.GREEN);
    r.setLineStyle(ReportCharts.DASHED);
    return Optional.of(ReportCharts.png(chart));
  }

  /**
   * Every candidate's reward (validation accuracy, %) and the best per round. Failed candidates
   * have no reward: they are drawn on a line just below the lowest reward, so their count per round
   * shows.
   */
  static Optional<byte[]> rewards(SearchSummary s) throws IOException {
    if (s.rounds().stream().allMatch(r -> r.candidates().isEmpty())) {
      return Optional.empty();
    }
    XYChart chart =
        ReportCharts.roundsChart(
            "Validation reward (10-fold verification accuracy) of each candidate",
            "reward: validation accuracy (%)",
            first(s),
            last(s));
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (RoundSummary r : s.rounds()) {
      for (CandidatePoint p : r.candidates()) {
        if (!p.failed()) {
          lo = Math.min(lo, 100 * p.reward());
          hi = Math.max(hi, 100 * p.reward());
        }
      }
    }
    if (lo > hi) {
      lo = 50;
      hi = 50;
    }
    double failY = lo - Math.max(0.5, 0.08 * (hi - lo));
    Points ok = new Points();
    Points failed = new Points();
    List<Double> bestX = new ArrayList<>();
    List<Double> bestY = new ArrayList<>();
    for (RoundSummary r : s.rounds()) {
      for (CandidatePoint p : r.candidates()) {
        double x = ReportCharts.jitter(r.round(), p.index(), r.candidates().size());
        if (p.failed()) {
          failed.add(x, failY);
        } else {
          ok.add(x, 100 * p.reward());
        }
      }
      // on the best candidate's own (jittered) place, so the diamond marks it; a round with no
      // reward is a null, which breaks the line: a gap, not an interpolation
      bestX.add(
          r.best() == null
              ? r.round()
              : ReportCharts.jitter(r.round(), r.best().index(), r.candidates().size()));
      bestY.add(r.bestReward() == null ? null : 100 * r.bestReward());
    }
    scatter(chart, "candidate reward", ok, SeriesMarkers.CIRCLE, ReportCharts.BLUE);
    if (bestY.stream().anyMatch(v -> v != null)) {
      XYSeries best = chart.addSeries("best of the round (broadcast to the next)", bestX, bestY);
      best.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      best.setMarker(SeriesMarkers.DIAMOND);
      best.setLineColor(ReportCharts.ORANGE);
      best.setMarkerColor(ReportCharts.ORANGE);
    }
    scatter(
        chart,
        "failed, no reward (drawn at the bottom)",
        failed,
        SeriesMarkers.CROSS,
        ReportCharts.RED);
    return Optional.of(ReportCharts.png(chart));
  }

  /**
   * Each sampled a of the round's candidates that {@code keep} accepts, as (jittered round, {@code
   * y(a)}).
   */
  private static void addCandidates(
      RoundSummary r, DoublePredicate keep, DoubleUnaryOperator y, Points ok, Points failed) {
    for (CandidatePoint p : r.candidates()) {
      for (double a : p.a()) {
        if (keep.test(a)) {
          (p.failed() ? failed : ok)
              .add(
                  ReportCharts.jitter(r.round(), p.index(), r.candidates().size()),
                  y.applyAsDouble(a));
        }
      }
    }
  }

  private static void candidates(XYChart chart, String name, Points ok, Points failed) {
    scatter(chart, name, ok, SeriesMarkers.CIRCLE, ReportCharts.BLUE);
    scatter(chart, "failed candidate", failed, SeriesMarkers.CROSS, ReportCharts.RED);
  }

  /**
   * A scatter series of {@code p}, left out when it has no points (XChart refuses empty series).
   */
  private static void scatter(XYChart chart, String name, Points p, Marker marker, Color color) {
    if (p.x.isEmpty()) {
      return;
    }
    XYSeries series = chart.addSeries(name, p.x, p.y);
    series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    series.setMarker(marker);
    series.setMarkerColor(color);
  }

  private static void line(XYChart chart, String name, Points p, Color color) {
    if (p.x.isEmpty()) {
      return;
    }
    XYSeries series = chart.addSeries(name, p.x, p.y);
    series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    series.setMarker(SeriesMarkers.DIAMOND);
    series.setLineColor(color);
    series.setMarkerColor(color);
  }

  /** Legend name of μ component j: μ (global), μ bin j (local), α_i/β_i means (AM-LFS). */
  static String muLabel(String mode, int components, int j) {
    if (components == 1) {
      return "μ";
    }
    if ("AMLFS".equals(mode)) {
      int bins = components / 2;
      return (j < bins ? "μ of α" : "μ of β") + (j % bins + 1);
    }
    return "μ bin " + (j + 1);
  }

  private static int first(SearchSummary s) {
    return s.rounds().isEmpty() ? 1 : s.rounds().get(0).round();
  }

  private static int last(SearchSummary s) {
    return s.rounds().isEmpty() ? 1 : s.rounds().get(s.rounds().size() - 1).round();
  }

  /** Growing x/y lists for one series. */
  private static final class Points {
    final List<Double> x = new ArrayList<>();
    final List<Double> y = new ArrayList<>();

    void add(double xv, double yv) {
      x.add(xv);
      y.add(yv);
    }
  }
}
