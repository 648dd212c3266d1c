/**
 * The training losses as TensorFlow ops behind one interface, {@link
 * io.lfsbeam.train.loss.GraphLoss} ({@link io.lfsbeam.train.loss.GraphLosses#of} builds one per
 * loss family): softmax, NormFace, SphereFace, CosFace, ArcFace, the combined margin, AM-LFS and
 * the modulated (searched) loss of METHOD.md §1, and the modern margins of BASELINES.md as their
 * authors' official code computes them ({@link io.lfsbeam.train.loss.CurricularFace}, {@link
 * io.lfsbeam.train.loss.AdaFace}, {@link io.lfsbeam.train.loss.MagFace}, {@link
 * io.lfsbeam.train.loss.ElasticFace}), which read more than the cosines through {@link
 * io.lfsbeam.train.loss.LossInputs} (norms, a {@link io.lfsbeam.train.loss.LossState}, draws). Each
 * formula has its one home here; the plain-Java references that cross-check the METHOD.md losses
 * live in test scope, and the modern ones are checked against {@code
 * testvectors/modern_losses.json}. Their defaults live in {@code search.ModernLosses}.
 *
 * <p>May depend on: TensorFlow Java ops and the schemas ({@code LossFamily}, {@code LossParams}).
 */
package io.lfsbeam.train.loss;
