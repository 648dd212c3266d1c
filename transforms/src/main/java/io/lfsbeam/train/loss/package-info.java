/**
 * The training losses as TensorFlow ops behind one interface, {@link
 * io.lfsbeam.train.loss.GraphLoss} ({@link io.lfsbeam.train.loss.GraphLosses#of} builds one per
 * loss family): softmax, NormFace, SphereFace, CosFace, ArcFace, the combined margin, AM-LFS and
 * the modulated (searched) loss of METHOD.md §1. Each formula has its one home here; the plain-Java
 * references that cross-check them live in test scope.
 *
 * <p>May depend on: TensorFlow Java ops and the schemas ({@code LossFamily}, {@code LossParams}).
 */
package io.lfsbeam.train.loss;
