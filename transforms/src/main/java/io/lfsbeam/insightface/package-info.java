/**
 * insightface's data formats: verification .bin sets ({@link
 * io.lfsbeam.insightface.VerificationBin}: the {@code (bins, issame)} pickle of lfw.bin,
 * cfp_fp.bin, agedb_30.bin, read by {@link io.lfsbeam.insightface.RestrictedUnpickler}, which runs
 * no code; written by {@link io.lfsbeam.insightface.VerificationBinWriter}), their conversion to
 * and from verification sets ({@link io.lfsbeam.insightface.BinFaces}) and their Beam source
 * ({@link io.lfsbeam.insightface.ReadVerificationBin}).
 *
 * <p>May depend on: Beam (sources, filesystems), Avro schemas, {@code io.lfsbeam.image} (decoding,
 * PNG), {@code io.lfsbeam.io}, and {@code io.lfsbeam.evaluate} for the verification set and the
 * tags evaluation takes. No TensorFlow.
 */
package io.lfsbeam.insightface;
