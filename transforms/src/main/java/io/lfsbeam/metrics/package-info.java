/**
 * Verification and identification metrics, pure Java: cosine scores, the 10-fold LFW protocol with
 * per-fold thresholds, ROC and TAR@FAR, rank-k identification (METHOD.md §5).
 *
 * <p>May depend on: the JDK only. No Beam, no TensorFlow, no Avro: {@code io.lfsbeam.evaluate}
 * turns these results into {@code EvalMetrics} records.
 */
package io.lfsbeam.metrics;
