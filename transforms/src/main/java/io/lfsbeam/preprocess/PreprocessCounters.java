package io.lfsbeam.preprocess;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The operational counters of preprocessing, declared once: the DoFns count through {@link
 * #counter}, the pipeline's progress line and the Flink tests read the same names back (Flink's
 * REST API shows them as {@code lfs.preprocess/<name>}). Dead letters count per reason under {@link
 * DeadLetters#NAMESPACE}.
 */
public final class PreprocessCounters {
  public static final String NAMESPACE = "lfs.preprocess";

  /** Images found in the input (folder walk or list file). */
  public static final MetricName LISTED = MetricName.named(NAMESPACE, "listed");

  /** Faces aligned and written. */
  public static final MetricName ALIGNED = MetricName.named(NAMESPACE, "aligned");

  /** Byte-identical images dropped after the first. */
  public static final MetricName DUPLICATES = MetricName.named(NAMESPACE, "duplicates");

  public static final MetricName LANDMARK_LINES_MALFORMED =
      MetricName.named(NAMESPACE, "landmark_lines_malformed");

  /** Landmark lines naming no listed image. */
  public static final MetricName LANDMARK_LINES_UNMATCHED =
      MetricName.named(NAMESPACE, "landmark_lines_unmatched");

  private PreprocessCounters() {}

  /** The Beam counter of {@code name}, for a DoFn field. */
  public static Counter counter(MetricName name) {
    return Metrics.counter(name.getNamespace(), name.getName());
  }
}
