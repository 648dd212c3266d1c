package io.lfsbeam.report;

import java.util.Locale;

/** Number formats shared by the report and the comparison table; "–" stands for "not available". */
final class Fmt {
  static final String NA = "–";

  private Fmt() {}

  /** A 0..1 rate as a percentage with two decimals, the paper's precision: 0.91234 → "91.23". */
  static String pct(Double v) {
    return v == null || v.isNaN() ? NA : String.format(Locale.ROOT, "%.2f", 100 * v);
  }

  /** Mean ± std of 0..1 rates in percent. */
  static String pctPm(double mean, double std) {
    return String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * std);
  }

  static String fixed(Double v, int decimals) {
    return v == null || v.isNaN() ? NA : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** Seconds: one decimal below 100 s, whole seconds above. */
  static String seconds(Double v) {
    if (v == null || v.isNaN()) {
      return NA;
    }
    return Math.abs(v) < 100
        ? String.format(Locale.ROOT, "%.1f", v)
        : String.format(Locale.ROOT, "%,.0f", v);
  }

  /** A modulating factor: magnitudes span 1e-1..1e5, so four significant digits. */
  static String a(Double v) {
    if (v == null) {
      return NA;
    }
    if (v == 0) {
      return "0";
    }
    return Math.abs(v) >= 1000
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.4g", v);
  }

  /** A false-accept rate: powers of ten as 1e-3, anything else with three significant digits. */
  static String far(double far) {
    double exp = Math.log10(far);
    long rounded = Math.round(exp);
    if (far > 0 && Math.abs(exp - rounded) < 1e-9) {
      return "1e" + rounded;
    }
    return String.format(Locale.ROOT, "%.3g", far);
  }
}
