/**
 * Training in TensorFlow graph mode through the TF Java API that ships with DJL: the {@link
 * io.lfsbeam.train.Trainer} (graph, SGD with momentum and weight decay, checkpoints, SavedModel
 * export), its data sources (in memory, streamed from shards through a shuffle buffer), child-JVM
 * training jobs, devices and learning-rate schedules.
 *
 * <p>May depend on: TensorFlow Java and DJL (engine loaded through {@code io.lfsbeam.tf}), Avro,
 * Beam's filesystems (reading shards and face arrays), {@code train.backbone}, {@code
 * train.checkpoint}, {@code train.loss}, {@code image}, the schemas. No Beam transforms.
 */
package io.lfsbeam.train;
