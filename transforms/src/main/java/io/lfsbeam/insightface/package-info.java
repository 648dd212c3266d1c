/**
 * insightface's data formats. Training packs ({@code train.rec}, {@code train.idx}, {@code
 * property}), as CASIA-WebFace, MS1M-ArcFace and Glint360K are distributed: RecordIO framing with
 * continuation parts ({@link io.lfsbeam.insightface.RecordIoReader}, {@link
 * io.lfsbeam.insightface.RecordIoWriter}), the image-record header, the index and record-0 layout,
 * a local reader and writer ({@link io.lfsbeam.insightface.FacePack}, {@link
 * io.lfsbeam.insightface.FacePackWriter}) and the export of a preprocess split ({@link
 * io.lfsbeam.insightface.PackExport}). The Beam side is thin: {@link
 * io.lfsbeam.insightface.RecordIoSource} splits a pack by .idx byte ranges, {@link
 * io.lfsbeam.insightface.ReadPackRecords} applies it, {@link io.lfsbeam.insightface.PackFiles}
 * opens the files through Beam's FileSystems. A damaged record is a {@link
 * io.lfsbeam.insightface.PackRecordException} with a {@link io.lfsbeam.insightface.PackFailure}
 * reason, never an unexplained stack trace.
 *
 * <p>Verification .bin sets ({@link io.lfsbeam.insightface.VerificationBin}: the {@code (bins,
 * issame)} pickle of lfw.bin, cfp_fp.bin, agedb_30.bin, read by {@link
 * io.lfsbeam.insightface.RestrictedUnpickler}, which runs no code; written by {@link
 * io.lfsbeam.insightface.VerificationBinWriter}), their conversion to and from verification sets
 * ({@link io.lfsbeam.insightface.BinFaces}, which also owns the rule that a set's name, taken from
 * its file name, is one plain path segment; work bounded by the file's size however often its memo
 * names an image; every image checked before a run) and their Beam source ({@link
 * io.lfsbeam.insightface.ReadVerificationBin}). A pack export is published whole.
 *
 * <p>May depend on: Beam's sources and FileSystems, Avro, the schemas, {@code image} (decoding,
 * PNG), {@code io}, {@code options}, and {@code evaluate} for the verification set and the tags
 * evaluation takes. The framing, header, index, layout and pickle classes use plain Java only. No
 * TensorFlow.
 */
package io.lfsbeam.insightface;
