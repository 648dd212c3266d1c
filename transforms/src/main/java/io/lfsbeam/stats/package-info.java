/**
 * Pure statistics of the method comparison (no Beam, no TensorFlow): the paired difference of two
 * methods with one interval on the total noise — the seeds trained and the test pairs drawn, pairs
 * clustered by the identities they share ({@link io.lfsbeam.stats.TotalNoise}, {@link
 * io.lfsbeam.stats.PairClusterVariance}) — its minimum detectable difference, Holm's correction
 * over a table of comparisons ({@link io.lfsbeam.stats.Holm}) and the verdict that follows.
 *
 * <p>May depend on: the JDK and Apache Commons Math (t and normal quantiles).
 */
package io.lfsbeam.stats;
