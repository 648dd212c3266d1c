/**
 * The search as Beam transforms: {@link io.lfsbeam.search.SearchRounds} unrolls B rounds of Sample
 * → Train → Evaluate → Update (with successive halving, Train → Evaluate → {@link
 * io.lfsbeam.search.ScoreRung} per rung, later rungs {@link io.lfsbeam.search.ContinueCandidates}),
 * {@link io.lfsbeam.search.FinalizeSearch} scores and exports the best model. Beside them the pure
 * round logic between the Avro records and the policies ({@link io.lfsbeam.search.SearchPolicies},
 * {@link io.lfsbeam.search.SearchConfig}, {@link io.lfsbeam.search.FixedLoss}, {@link
 * io.lfsbeam.search.ModernLosses}: the modern margins' parameters and official defaults, {@link
 * io.lfsbeam.search.SuccessiveHalving}, {@link io.lfsbeam.search.RungResults}), the output layout
 * ({@link io.lfsbeam.search.SearchLayout}) and the {@link io.lfsbeam.search.CandidateRunner}
 * interface where training plugs in.
 *
 * <p>May depend on: Beam, Avro, {@code io.lfsbeam.io}, {@code options}, {@code search.policy}. No
 * TensorFlow: it arrives through a {@code CandidateRunner.Factory} ({@code search.runner}), so the
 * transforms are tested with a fake runner.
 */
package io.lfsbeam.search;
