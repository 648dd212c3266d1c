/**
 * Files on any Beam filesystem: Avro container files written with a fixed sync marker (so equal
 * records give equal bytes), sorted Avro output, round-robin shards, text files; the coder of every
 * record PCollection ({@link io.lfsbeam.io.RecordCoders}: Beam schemas from the Avro ones); where a
 * local path really is ({@link io.lfsbeam.io.LocalPaths}: one place whatever its spelling) and the
 * one rule for identity names in tab-separated files ({@link io.lfsbeam.io.IdentityNames}). *
 * Results are published whole or not at all: files through {@link io.lfsbeam.io.AtomicFile}, local
 * folders (a SavedModel) through {@link io.lfsbeam.io.AtomicDirectory}; one run holds an output
 * folder at a time through {@link io.lfsbeam.io.OutputLock} (who holds it: {@link
 * io.lfsbeam.io.ThisProcess}).
 *
 * <p>May depend on: Avro, Beam's {@code FileSystems} and transforms, JNA (Linux's {@code renameat2}
 * for the one-step folder swap; every C call goes through {@link io.lfsbeam.io.LibC}, which leaves
 * no job class behind in JNA on a session cluster). No TensorFlow, no other lfs-beam package.
 */
package io.lfsbeam.io;
