package io.lfsbeam.report;

import java.util.Locale;

/**
 * One figure of the comparison table: its header, how its values print, and where a run's value
 * comes from.
 *
 * @param evalSet the evaluation set the figure is on, null for run-wide figures
 * @param far the false-accept rate of a TAR column, null otherwise
 */
public record ComparisonColumn(String label, Kind kind, Source source, String evalSet, Double far) {

  /** Where the value comes from in a {@link io.lfsbeam.schemas.MethodComparison}. */
  public enum Source {
    VAL,
    ACCURACY,
    AVERAGE_ACCURACY,
    AUC,
    EER,
    TAR,
    RANK1,
    TRAINING_SECONDS,
    STEPS,
    IMAGES,
    EPOCHS
  }

  static ComparisonColumn run(String label, Kind kind, Source source) {
    return new ComparisonColumn(label, kind, source, null, null);
  }

  /** How a figure prints. */
  public enum Kind {
    /** A 0..1 rate shown in percent, two decimals (accuracy, TAR, EER). */
    PERCENT,
    /** A 0..1 figure shown as is with four decimals (AUC). */
    RATIO,
    SECONDS,
    COUNT,
    EPOCHS
  }

  /** {@code mean ± std}; the mean alone for one seed. */
  String format(MeanStd v) {
    if (v == null || v.n() == 0) {
      return Fmt.NA;
    }
    // the std takes the mean's precision, so "173 ± 7" rather than "173 ± 7.0"
    String mean = one(v.mean(), v.mean());
    return Double.isNaN(v.std()) ? mean : mean + " ± " + one(v.std(), v.mean());
  }

  private String one(double x, double mean) {
    return switch (kind) {
      case PERCENT -> String.format(Locale.ROOT, "%.2f", 100 * x);
      case RATIO -> String.format(Locale.ROOT, "%.4f", x);
      case SECONDS -> String.format(Locale.ROOT, Math.abs(mean) < 100 ? "%.1f" : "%,.0f", x);
      case COUNT -> String.format(Locale.ROOT, "%,.0f", x);
      case EPOCHS -> String.format(Locale.ROOT, "%.2f", x);
    };
  }
}
