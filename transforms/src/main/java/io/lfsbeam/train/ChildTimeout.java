package io.lfsbeam.train;

import java.io.Serializable;
import java.util.Locale;

/**
 * When a child training JVM counts as hung ({@link ChildProcessTrainer}). Nothing is known of a
 * run's speed before it starts (backbone, device, data and load all change it), so the deadline is
 * derived from the child's own reports: each progress line says how far the run is and its ETA,
 * estimated from the steps left and the speed measured so far. The run's expected length is then
 * the time of the latest report plus that ETA, and the child is killed when it runs past {@code
 * factor} times it:
 *
 * <pre>deadline = max(minimum, factor · (t_report + ETA_report))</pre>
 *
 * Before its first report (JVM start, TensorFlow, the data, the graph and the first {@code
 * logEverySteps} steps), and for short runs, the deadline is {@code minimum}. A child that hangs
 * sends no further report, so its deadline stops moving and passes; a child that slows down (load,
 * a longer epoch) reports a larger ETA and moves it on.
 *
 * <p>Defaults: factor {@value #DEFAULT_FACTOR} (a run may take three times what it promised), and
 * {@value #DEFAULT_MINIMUM_SECONDS} s, which covers the start of a large backbone on a CPU with
 * room to spare. Factor 0 waits forever.
 *
 * @param factor multiple of the expected time after which the child is killed; 0 = never
 * @param minimumSeconds the deadline before the first report, and its least value after
 */
public record ChildTimeout(double factor, double minimumSeconds) implements Serializable {
  public static final double DEFAULT_FACTOR = 3;
  public static final double DEFAULT_MINIMUM_SECONDS = 1800;

  public ChildTimeout {
    if (!(factor >= 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException(
          "--childTimeoutFactor must be 0 (wait forever) or positive, not " + factor);
    }
    if (factor > 0 && factor < 1) {
      throw new IllegalArgumentException(
          "--childTimeoutFactor must be at least 1 (a run gets at least the time it expects), not "
              + factor);
    }
    if (!(minimumSeconds > 0) || Double.isInfinite(minimumSeconds)) {
      throw new IllegalArgumentException(
          "--childTimeoutMinSeconds must be positive, not " + minimumSeconds);
    }
  }

  /** Factor {@value #DEFAULT_FACTOR}, minimum {@value #DEFAULT_MINIMUM_SECONDS} s. */
  public static ChildTimeout defaults() {
    return new ChildTimeout(DEFAULT_FACTOR, DEFAULT_MINIMUM_SECONDS);
  }

  /** Waits forever. */
  public static ChildTimeout none() {
    return new ChildTimeout(0, DEFAULT_MINIMUM_SECONDS);
  }

  public boolean enabled() {
    return factor > 0;
  }

  /**
   * Milliseconds after the child's start at which it is killed, given its latest report.
   *
   * @param reportMillis milliseconds after the start at which the latest progress report arrived,
   *     negative when none has
   * @param etaSeconds that report's estimate of the time left (NaN when it had no speed yet)
   * @return {@link Long#MAX_VALUE} when disabled
   */
  public long deadlineMillis(long reportMillis, double etaSeconds) {
    if (!enabled()) {
      return Long.MAX_VALUE;
    }
    long minimum = Math.round(minimumSeconds * 1000);
    if (reportMillis < 0) {
      return minimum;
    }
    double expected = reportMillis + (Double.isFinite(etaSeconds) ? etaSeconds * 1000 : 0);
    return Math.max(minimum, Math.round(factor * expected));
  }

  /** For the failure message: the rule that fired. */
  public String describe() {
    return enabled()
        ? String.format(
            Locale.ROOT,
            "%s x the expected time (time of the last progress report + its ETA), at least %s s",
            fmt(factor),
            fmt(minimumSeconds))
        : "none";
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
