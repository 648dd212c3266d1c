package io.lfsbeam.search;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import java.util.Locale;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Rounds {@code from+1 .. config.rounds()} of a search, unrolled in one pipeline: each round is
 * Sample → Train → Evaluate → Update, and the next round starts from the state the previous one
 * produced (its best checkpoint broadcast as every candidate's start).
 */
public final class SearchRounds
    extends PTransform<PCollection<PolicyState>, PCollection<PolicyState>> {
  private final SearchConfig config;
  private final CandidateRunner.Factory runners;
  private final String output;
  private final int startRound;
  private final long searchStartMillis;

  private SearchRounds(
      SearchConfig config,
      CandidateRunner.Factory runners,
      String output,
      int startRound,
      long searchStartMillis) {
    this.config = config;
    this.runners = runners;
    this.output = output;
    this.startRound = startRound;
    this.searchStartMillis = searchStartMillis;
  }

  /**
   * @param completedRounds rounds already done in the input state (0 for a new search)
   */
  public static SearchRounds of(
      SearchConfig config,
      CandidateRunner.Factory runners,
      String output,
      int completedRounds,
      long searchStartMillis) {
    return new SearchRounds(config, runners, output, completedRounds, searchStartMillis);
  }

  @Override
  public PCollection<PolicyState> expand(PCollection<PolicyState> state) {
    for (int round = startRound + 1; round <= config.rounds(); round++) {
      String name = String.format(Locale.ROOT, "Round%04d", round);
      PCollection<LossCandidate> candidates =
          state.apply(name + "/SampleCandidates", SampleCandidates.of(config));
      PCollection<TrainResult> results =
          candidates.apply(name + "/TrainCandidates", TrainCandidates.with(runners));
      PCollection<EvalMetrics> metrics =
          results.apply(name + "/EvaluateCandidates", EvaluateCandidates.with(runners));
      state =
          state.apply(
              name + "/UpdatePolicy",
              UpdatePolicy.of(config, output, candidates, results, metrics, searchStartMillis));
    }
    return state;
  }
}
