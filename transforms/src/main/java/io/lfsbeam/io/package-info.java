/**
 * Files on any Beam filesystem: Avro container files written with a fixed sync marker (so equal
 * records give equal bytes), sorted Avro output, round-robin shards, text files; the coder of every
 * record PCollection ({@link io.lfsbeam.io.RecordCoders}: Beam schemas from the Avro ones); where a
 * local path really is ({@link io.lfsbeam.io.LocalPaths}: one place whatever its spelling) and the
 * one rule for identity names in tab-separated files ({@link io.lfsbeam.io.IdentityNames}).
 *
 * <p>May depend on: Avro, Beam's {@code FileSystems} and transforms. No TensorFlow, no other
 * lfs-beam package.
 */
package io.lfsbeam.io;
