/**
 * Files on any Beam filesystem: Avro container files written with a fixed sync marker (so equal
 * records give equal bytes), sorted Avro output, round-robin shards, text files.
 *
 * <p>May depend on: Avro, Beam's {@code FileSystems} and transforms, the schemas. No TensorFlow.
 */
package io.lfsbeam.io;
