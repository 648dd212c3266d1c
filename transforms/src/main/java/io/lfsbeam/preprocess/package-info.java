/**
 * {@code lfs preprocess} as Beam transforms: list images → attach landmarks → one fused step that
 * reads, decodes, aligns, encodes the PNG and hashes each image ({@link
 * io.lfsbeam.preprocess.PrepareFaces}) → on the records without their images: drop duplicates →
 * filter and number identities → identity-disjoint split → verification pairs; the images wait in
 * the prepared entries and meet their decisions in the one grouping they cross, the shard writer
 * ({@link io.lfsbeam.preprocess.WriteFaceShards}) → Avro shards, dead letters, manifest ({@link
 * io.lfsbeam.preprocess.PreprocessFaces}, {@link io.lfsbeam.preprocess.WritePreprocessed}); an
 * insightface pack enters through {@link io.lfsbeam.preprocess.PackFaces} instead of listing and
 * alignment. Every input image ends as an accepted face, a duplicate or a dead letter with a
 * reason; image references the caller listed (a manifest, a table: {@link
 * io.lfsbeam.preprocess.FaceImages}) enter through {@link
 * io.lfsbeam.preprocess.PreprocessFaces#fromImages} instead of the folder walk. The counters are
 * declared in {@link io.lfsbeam.preprocess.PreprocessCounters}, and counts about the input that are
 * not records (landmark lines by kind, a pack's declared faces against its index) go to the
 * manifest's notes ({@link io.lfsbeam.preprocess.InputNotes}).
 *
 * <p>The input edge keeps every read inside the input root: {@link
 * io.lfsbeam.preprocess.InputPaths} (what a list path may name; names on disk are literal), {@link
 * io.lfsbeam.preprocess.InputFiles} and {@link io.lfsbeam.preprocess.IdentityFolders} (the
 * symbolic-link policy: followed inside the root, refused out of it or in a loop), with the reason
 * codes of {@link io.lfsbeam.preprocess.InputRefusal}; {@link io.lfsbeam.preprocess.EmptyInput} is
 * the one empty-input rule and {@link io.lfsbeam.preprocess.PreprocessOutput} the rerun rule of an
 * output folder.
 *
 * <p>May depend on: Beam, Avro, {@code io.lfsbeam.align}, {@code image}, {@code insightface},
 * {@code io}, {@code metrics}, {@code synth} (contact sheets). No TensorFlow.
 */
package io.lfsbeam.preprocess;
