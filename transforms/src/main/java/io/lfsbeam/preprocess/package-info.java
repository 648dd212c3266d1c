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
 * declared in {@link io.lfsbeam.preprocess.PreprocessCounters}.
 *
 * <p>May depend on: Beam, Avro, {@code io.lfsbeam.align}, {@code image}, {@code insightface},
 * {@code io}, {@code metrics}, {@code synth} (contact sheets). No TensorFlow.
 */
package io.lfsbeam.preprocess;
