package io.lfsbeam.report;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.TarAtFar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * One model's figures on several verification sets (preprocess test pairs, lfw.bin, cfp_fp.bin, …),
 * one row per set and variant: the table of {@code evaluate --bins} and of the search report's
 * final model. Pure; the caller writes it.
 *
 * <p>TAR columns are the union of the FARs any set resolves; a set whose mismatched pairs are too
 * few for a FAR shows "–" there (see {@code Roc.tarAtFar}).
 */
public final class BenchmarkTable {
  /** Header of the first column (tests look rows up by it). */
  public static final String SET = "set";

  private BenchmarkTable() {}

  /** The rows in the order given. */
  public static String markdown(List<EvalMetrics> sets) {
    boolean flips = sets.stream().anyMatch(EvalMetrics::getFlipFusion);
    boolean rank = sets.stream().anyMatch(m -> m.getRank1() != null);
    boolean groups = sets.stream().anyMatch(m -> m.getGroupGap() != null);
    TreeSet<Double> fars = new TreeSet<>();
    sets.forEach(m -> m.getTarAtFar().forEach(t -> fars.add(t.getFar())));

    List<String> header = new ArrayList<>(List.of(SET));
    if (flips) {
      header.add("flip fusion");
    }
    header.addAll(
        List.of(
            "pairs (folds)", "accuracy (%), mean ± std over folds", "threshold", "AUC", "EER (%)"));
    for (double far : fars.descendingSet()) {
      header.add("TAR (%) @ FAR=" + Fmt.far(far));
    }
    if (rank) {
      header.addAll(List.of("rank-1 (%)", "rank-5 (%)"));
    }
    if (groups) {
      header.add("group gap (%)");
    }
    List<List<String>> rows = new ArrayList<>();
    for (EvalMetrics m : sets) {
      List<String> row = new ArrayList<>(List.of(m.getEvalSet().toString()));
      if (flips) {
        row.add(m.getFlipFusion() ? "yes" : "no");
      }
      row.add(m.getPairs() + " (" + m.getFoldAccuracies().size() + ")");
      row.add(Fmt.pctPm(m.getAccuracyMean(), m.getAccuracyStd()));
      row.add(Fmt.fixed(m.getThreshold(), 4));
      row.add(Fmt.fixed(m.getAuc(), 4));
      row.add(Fmt.pct(m.getEer()));
      for (double far : fars.descendingSet()) {
        row.add(Fmt.pct(tarAt(m, far)));
      }
      if (rank) {
        row.add(Fmt.pct(m.getRank1()));
        row.add(Fmt.pct(m.getRank5()));
      }
      if (groups) {
        row.add(Fmt.pct(m.getGroupGap()));
      }
      rows.add(row);
    }
    boolean[] right = new boolean[header.size()];
    Arrays.fill(right, flips ? 2 : 1, right.length, true);
    return Markdown.table(header, rows, right);
  }

  /** TAR at exactly this FAR target, or null when the set does not resolve it. */
  static Double tarAt(EvalMetrics m, double far) {
    for (TarAtFar t : m.getTarAtFar()) {
      if (t.getFar() == far) {
        return t.getTar();
      }
    }
    return null;
  }
}
