package io.lfsbeam.metrics;

/**
 * One operating point read off a ROC curve for a false-accept-rate target.
 *
 * @param targetFar the requested bound on the false accept rate
 * @param threshold the smallest threshold whose FAR is at most the target (decision {@code score >
 *     threshold})
 * @param far the FAR actually reached at that threshold (≤ target)
 * @param tar the true accept rate at that threshold
 */
public record TarAtFar(double targetFar, double threshold, double far, double tar) {}
