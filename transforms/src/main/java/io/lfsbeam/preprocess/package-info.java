/**
 * {@code lfs preprocess} as Beam transforms: list images → attach landmarks → decode and align →
 * drop duplicates → filter and number identities → identity-disjoint split → verification pairs →
 * Avro shards, dead letters, manifest ({@link io.lfsbeam.preprocess.PreprocessFaces}, {@link
 * io.lfsbeam.preprocess.WritePreprocessed}); an insightface pack enters through {@link
 * io.lfsbeam.preprocess.PackFaces} instead of listing and alignment. Every input image ends as an
 * accepted face, a duplicate or a dead letter with a reason; the counters are declared in {@link
 * io.lfsbeam.preprocess.PreprocessCounters}. A folder input is listed two levels deep, never
 * recursively ({@link io.lfsbeam.preprocess.ListTwoLevels}), so links cannot make listing
 * unbounded.
 *
 * <p>May depend on: Beam, Avro, {@code io.lfsbeam.align}, {@code image}, {@code insightface},
 * {@code io}, {@code metrics}, {@code synth} (contact sheets). No TensorFlow.
 */
package io.lfsbeam.preprocess;
