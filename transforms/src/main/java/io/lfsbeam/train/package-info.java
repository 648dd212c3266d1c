/**
 * Training in TensorFlow graph mode through the TF Java API that ships with DJL: the {@link
 * io.lfsbeam.train.Trainer} (graph, SGD with momentum and weight decay, checkpoints, SavedModel
 * export), its data sources (in memory, streamed from shards through a shuffle buffer), child-JVM
 * training jobs, devices and learning-rate schedules. The trainer gives a loss everything of {@code
 * train.loss.LossInputs}: beside the cosines, the embedding norms before normalisation, a running
 * state kept as graph variables ({@link io.lfsbeam.train.LossStateVariables}, in every checkpoint)
 * and seeded per-step N(0, 1) draws; each run records the norms of its last training images ({@link
 * io.lfsbeam.train.EmbeddingNormWindow}).
 *
 * <p>May depend on: TensorFlow Java and DJL (engine loaded through {@code io.lfsbeam.tf}), Avro,
 * Beam's filesystems (reading shards and face arrays), {@code train.backbone}, {@code
 * train.checkpoint}, {@code train.loss}, {@code image}, the schemas. No Beam transforms.
 */
package io.lfsbeam.train;
