/**
 * Evaluation of a trained model as Beam transforms ({@link io.lfsbeam.evaluate.EvaluateModel}:
 * embed → score pairs → metrics; {@link io.lfsbeam.evaluate.EmbedFaces} alone for {@code lfs
 * embed}, with dead letters for faces it cannot embed: {@link
 * io.lfsbeam.evaluate.EmbedFacesWithDeadLetters}, {@link io.lfsbeam.evaluate.WriteEvaluation},
 * {@link io.lfsbeam.evaluate.WriteBenchmarks}), the inference they use ({@link
 * io.lfsbeam.evaluate.Embedder}: a SavedModel loaded through DJL), and what every evaluation
 * consumes ({@link io.lfsbeam.evaluate.VerificationSet}: faces + pairs with folds, from a
 * preprocess output or a .bin).
 *
 * <p>May depend on: Beam, DJL (inference only, the engine loaded through {@code io.lfsbeam.tf}),
 * {@code io.lfsbeam.metrics} for every formula, {@code io.lfsbeam.io}, the ROC chart and benchmark
 * table of {@code io.lfsbeam.report}, and the face batching of {@code io.lfsbeam.train}. No
 * TensorFlow graph code.
 */
package io.lfsbeam.evaluate;
