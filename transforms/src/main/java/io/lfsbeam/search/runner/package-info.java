/**
 * The real {@link io.lfsbeam.search.CandidateRunner}: each candidate trains with TensorFlow from
 * the round's start checkpoint (in the worker's JVM or a child JVM) and is scored on the reward set
 * (the validation pairs or a verification .bin, {@link io.lfsbeam.search.runner.EvalSets}); the
 * data each worker loads once ({@link io.lfsbeam.search.runner.SearchData}) and the training
 * settings ({@link io.lfsbeam.search.runner.TrainSettings}).
 *
 * <p>May depend on: {@code io.lfsbeam.train} (TensorFlow), {@code evaluate}, {@code metrics},
 * {@code report} (the ROC chart), {@code insightface} (.bin sets), {@code io}, {@code search}, Beam
 * display data. Nothing depends on it but the pipelines and the benches.
 */
package io.lfsbeam.search.runner;
