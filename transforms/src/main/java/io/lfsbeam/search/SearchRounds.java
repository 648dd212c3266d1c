package io.lfsbeam.search;

import com.google.auto.value.AutoValue;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Rounds {@code completedRounds+1 .. config.rounds()} of a search, unrolled in one pipeline: each
 * round is Sample → Train → Evaluate → Update, and the next round starts from the state the
 * previous one produced (its best checkpoint broadcast as every candidate's start).
 *
 * <p>With successive halving ({@link SearchConfig#rungPlan()} has K &gt; 1 rungs) Train → Evaluate
 * is unrolled into K rungs: Train (rung 1) → Evaluate → {@link ScoreRung} → {@link
 * ContinueCandidates} (rung 2) → Evaluate → ScoreRung → …; the candidates each cut stops and all
 * that finish the last rung are flattened into the round's records before the update.
 *
 * <pre>{@code
 * state.apply(SearchRounds.of(config, factory, "/runs/s1").withCompletedRounds(resumed.getRound()));
 * }</pre>
 *
 * <p>What it cannot expand without (the runners, the output folder) is given to the factory, so a
 * missing one fails where the transform is built, not when the pipeline is.
 */
@AutoValue
public abstract class SearchRounds
    extends PTransform<PCollection<PolicyState>, PCollection<PolicyState>> {
  abstract SearchConfig config();

  abstract CandidateRunner.Factory runners();

  abstract String output();

  abstract int completedRounds();

  abstract long searchStartMillis();

  abstract Builder toBuilder();

  /**
   * The rounds of {@code config}.
   *
   * @param runners what trains and scores each candidate on the workers
   * @param output the search's output folder ({@link SearchLayout}); every round is written under
   *     it
   */
  public static SearchRounds of(
      SearchConfig config, CandidateRunner.Factory runners, String output) {
    return new AutoValue_SearchRounds.Builder()
        .setConfig(config)
        .setRunners(runners)
        .setOutput(output)
        .setCompletedRounds(0)
        .setSearchStartMillis(System.currentTimeMillis())
        .build();
  }

  /** Rounds already done in the input state (0, the default, for a new search). */
  public SearchRounds withCompletedRounds(int rounds) {
    return toBuilder().setCompletedRounds(rounds).build();
  }

  /** When the whole search started (for the elapsed time and ETA in the round log). */
  public SearchRounds withSearchStartMillis(long millis) {
    return toBuilder().setSearchStartMillis(millis).build();
  }

  @Override
  public PCollection<PolicyState> expand(PCollection<PolicyState> state) {
    List<Rung> plan = config().rungPlan();
    for (int round = completedRounds() + 1; round <= config().rounds(); round++) {
      String name = String.format(Locale.ROOT, "Round%04d", round);
      PCollection<LossCandidate> candidates =
          state.apply(name + "/SampleCandidates", SampleCandidates.of(config()));
      PCollection<TrainResult> results;
      PCollection<EvalMetrics> metrics;
      if (plan.size() == 1) {
        results = candidates.apply(name + "/TrainCandidates", TrainCandidates.with(runners()));
        metrics = results.apply(name + "/EvaluateCandidates", EvaluateCandidates.with(runners()));
      } else {
        PCollectionList<TrainResult> finished = PCollectionList.empty(state.getPipeline());
        PCollectionList<EvalMetrics> finishedMetrics = PCollectionList.empty(state.getPipeline());
        PCollection<TrainResult> trained = null;
        for (Rung rung : plan) {
          String rungName = String.format(Locale.ROOT, "%s/Rung%d", name, rung.index() + 1);
          trained =
              rung.isFirst()
                  ? candidates.apply(
                      rungName + "/TrainCandidates", TrainCandidates.with(runners()).atRung(rung))
                  : trained.apply(
                      rungName + "/ContinueCandidates", ContinueCandidates.to(rung, runners()));
          PCollection<EvalMetrics> scores =
              trained.apply(rungName + "/EvaluateCandidates", EvaluateCandidates.with(runners()));
          PCollectionTuple cut = trained.apply(rungName + "/ScoreRung", ScoreRung.of(rung, scores));
          finished = finished.and(cut.get(ScoreRung.FINISHED));
          finishedMetrics = finishedMetrics.and(cut.get(ScoreRung.FINISHED_METRICS));
          trained = cut.get(ScoreRung.CONTINUING);
        }
        results = finished.apply(name + "/FinishedResults", Flatten.pCollections());
        metrics = finishedMetrics.apply(name + "/FinishedMetrics", Flatten.pCollections());
      }
      state =
          state.apply(
              name + "/UpdatePolicy",
              UpdatePolicy.of(config(), output(), candidates, results, metrics)
                  .withSearchStartMillis(searchStartMillis()));
    }
    return state;
  }

  /** Every search setting, the output folder and what the runners train with. */
  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .include("config", config())
        .add(
            DisplayData.item("completedRounds", completedRounds()).withLabel("Rounds already done"))
        .add(DisplayData.item("output", output()).withLabel("Output folder"))
        .include("runner", runners());
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setConfig(SearchConfig config);

    abstract Builder setRunners(CandidateRunner.Factory runners);

    abstract Builder setOutput(String output);

    abstract Builder setCompletedRounds(int rounds);

    abstract Builder setSearchStartMillis(long millis);

    abstract SearchRounds build();
  }
}
