package io.lfsbeam.evaluate;

import io.lfsbeam.metrics.Roc;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.GroupAccuracy;
import io.lfsbeam.schemas.TarAtFar;
import java.util.Locale;

/** The short human-readable report of an evaluation ({@code summary.md}, also printed). */
public final class EvalSummary {
  private EvalSummary() {}

  public static String markdown(EvalMetrics m, Roc roc) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Evaluation of ")
        .append(m.getModelUri())
        .append(" on ")
        .append(m.getEvalSet())
        .append("\n\n");
    sb.append(
        f(
            "%d pairs (%d matched, %d mismatched) in %d folds%n%n",
            m.getPairs(), roc.genuineCount(), roc.impostorCount(), m.getFoldAccuracies().size()));
    sb.append("| metric | value |\n|---|---|\n");
    sb.append(
        f(
            "| verification accuracy (%d-fold) | %.2f%% ± %.2f%% |%n",
            m.getFoldAccuracies().size(), 100 * m.getAccuracyMean(), 100 * m.getAccuracyStd()));
    sb.append(f("| cosine threshold (mean of folds) | %.4f |%n", m.getThreshold()));
    sb.append(f("| ROC AUC | %.4f |%n", m.getAuc()));
    sb.append(f("| EER | %.2f%% |%n", 100 * m.getEer()));
    for (TarAtFar t : m.getTarAtFar()) {
      sb.append(f("| TAR @ FAR=%s | %.2f%% |%n", far(t.getFar()), 100 * t.getTar()));
    }
    if (m.getTarAtFar().size() < Roc.STANDARD_FAR_TARGETS.length) {
      sb.append(
          f(
              "| TAR at smaller FAR | not measurable: %d mismatched pairs resolve FAR ≥ 1/%d |%n",
              roc.impostorCount(), roc.impostorCount()));
    }
    if (m.getRank1() != null) {
      sb.append(f("| rank-1 identification | %.2f%% |%n", 100 * m.getRank1()));
      sb.append(f("| rank-5 identification | %.2f%% |%n", 100 * m.getRank5()));
    }
    if (!m.getGroups().isEmpty()) {
      sb.append("\n| group | pairs | accuracy |\n|---|---|---|\n");
      for (GroupAccuracy g : m.getGroups()) {
        sb.append(
            f("| %s | %d | %.2f%% |%n", g.getGroup(), g.getPairs(), 100 * g.getAccuracyMean()));
      }
      sb.append(
          f(
              "%ngroup gap (max − min) %.2f%%, std %.2f%%%n",
              100 * m.getGroupGap(), 100 * m.getGroupStd()));
    }
    sb.append("\nFold accuracies:");
    for (double a : m.getFoldAccuracies()) {
      sb.append(f(" %.4f", a));
    }
    sb.append('\n');
    return sb.toString();
  }

  private static String far(double v) {
    return String.format(Locale.ROOT, "%.0e", v).replace("e-0", "e-");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
