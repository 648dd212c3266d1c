package io.lfsbeam.search;

import com.google.auto.value.AutoValue;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A round's records → the next {@link PolicyState} ({@link SearchPolicies#update}), and the round's
 * folder {@code round-NNNN/} ({@link SearchLayout}) with candidates, train results, eval metrics
 * and the policy state as Avro. The policy state is written last, so its presence marks a completed
 * round for resuming.
 *
 * <p>With successive halving every candidate's checkpoints live until then: a resume restarts an
 * unfinished round from its start, so nothing of a round is deleted before its state is written.
 * After it, the checkpoints of earlier rungs of the candidates that went on are deleted (their
 * later checkpoint supersedes them); a stopped candidate keeps the checkpoint of its last rung, as
 * every candidate keeps its own without halving.
 */
@AutoValue
public abstract class UpdatePolicy
    extends PTransform<PCollection<PolicyState>, PCollection<PolicyState>> {
  private static final Logger LOG = LoggerFactory.getLogger(UpdatePolicy.class);

  abstract SearchConfig config();

  abstract String output();

  abstract PCollection<LossCandidate> candidates();

  abstract PCollection<TrainResult> results();

  abstract PCollection<EvalMetrics> metrics();

  abstract long searchStartMillis();

  abstract Builder toBuilder();

  /**
   * The update of {@code config}'s policy from one round's records.
   *
   * @param output the search's output folder: the round is written to its {@code round-NNNN/}
   * @param candidates this round's candidates
   * @param results their training results
   * @param metrics their validation metrics
   */
  public static UpdatePolicy of(
      SearchConfig config,
      String output,
      PCollection<LossCandidate> candidates,
      PCollection<TrainResult> results,
      PCollection<EvalMetrics> metrics) {
    return new AutoValue_UpdatePolicy.Builder()
        .setConfig(config)
        .setOutput(output)
        .setCandidates(candidates)
        .setResults(results)
        .setMetrics(metrics)
        .setSearchStartMillis(System.currentTimeMillis())
        .build();
  }

  /** When the whole search started (for the elapsed time and ETA in the round log). */
  public UpdatePolicy withSearchStartMillis(long millis) {
    return toBuilder().setSearchStartMillis(millis).build();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("mode", config().mode().name()).withLabel("Search mode"))
        .add(
            DisplayData.item("candidates", config().candidates()).withLabel("Candidates per round"))
        .add(DisplayData.item("output", output()).withLabel("Output folder"));
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setConfig(SearchConfig config);

    abstract Builder setOutput(String output);

    abstract Builder setCandidates(PCollection<LossCandidate> candidates);

    abstract Builder setResults(PCollection<TrainResult> results);

    abstract Builder setMetrics(PCollection<EvalMetrics> metrics);

    abstract Builder setSearchStartMillis(long millis);

    abstract UpdatePolicy build();
  }

  @Override
  public PCollection<PolicyState> expand(PCollection<PolicyState> prev) {
    PCollectionView<List<LossCandidate>> c = candidates().apply("CandidatesView", View.asList());
    PCollectionView<List<TrainResult>> r = results().apply("ResultsView", View.asList());
    PCollectionView<List<EvalMetrics>> m = metrics().apply("MetricsView", View.asList());
    return prev.apply(
            "Update",
            ParDo.of(new UpdateFn(config(), output(), c, r, m, searchStartMillis()))
                .withSideInputs(c, r, m))
        .setCoder(RecordCoders.of(PolicyState.class));
  }

  private static final class UpdateFn extends DoFn<PolicyState, PolicyState> {
    private final SearchConfig config;
    private final String output;
    private final PCollectionView<List<LossCandidate>> candidates;
    private final PCollectionView<List<TrainResult>> results;
    private final PCollectionView<List<EvalMetrics>> metrics;
    private final long searchStartMillis;

    UpdateFn(
        SearchConfig config,
        String output,
        PCollectionView<List<LossCandidate>> candidates,
        PCollectionView<List<TrainResult>> results,
        PCollectionView<List<EvalMetrics>> metrics,
        long searchStartMillis) {
      this.config = config;
      this.output = output;
      this.candidates = candidates;
      this.results = results;
      this.metrics = metrics;
      this.searchStartMillis = searchStartMillis;
    }

    @ProcessElement
    public void process(ProcessContext ctx) throws Exception {
      PolicyState prev = ctx.element();
      List<LossCandidate> cs = sorted(ctx.sideInput(candidates), x -> x.getIndex());
      List<EvalMetrics> ms = sorted(ctx.sideInput(metrics), x -> x.getCandidate().getIndex());
      // a model that diverged without a NaN loss is recorded as NAN, as a NaN loss is
      List<TrainResult> rs =
          SearchPolicies.recordedResults(
              sorted(ctx.sideInput(results), x -> x.getCandidate().getIndex()), ms);
      int round = prev.getRound() + 1;
      SearchLayout layout = SearchLayout.at(output);
      AvroFiles.write(layout.candidates(round), LossCandidate.getClassSchema(), cs);
      AvroFiles.write(layout.trainResults(round), TrainResult.getClassSchema(), rs);
      AvroFiles.write(layout.evalMetrics(round), EvalMetrics.getClassSchema(), ms);
      PolicyState next = SearchPolicies.update(prev, config, cs, rs, ms);
      AvroFiles.write(layout.policyState(round), PolicyState.getClassSchema(), List.of(next));
      for (TrainResult r : rs) {
        // a candidate that failed in a later rung keeps its last good checkpoint
        for (int k = 0; r.getStatus() == TrainStatus.OK && k < r.getRungReached(); k++) {
          AvroFiles.deleteMatching(
              layout.candidateCheckpoint(round, r.getCandidate().getIndex(), k, r.getRungs()));
        }
      }
      double elapsed = (System.currentTimeMillis() - searchStartMillis) / 1000.0;
      int left = config.rounds() - round;
      LOG.info(
          String.format(
              Locale.ROOT,
              "%s round %d/%d: candidates %d/%d ok (%d failed), best reward %.4f (#%d), mu %s, %.0f s elapsed%s",
              config.searchId(),
              round,
              config.rounds(),
              cs.size() - next.getFailedCandidates(),
              cs.size(),
              next.getFailedCandidates(),
              next.getBestReward(),
              next.getBestCandidate().getIndex(),
              next.getMu(),
              elapsed,
              left > 0 && elapsed > 0
                  ? String.format(Locale.ROOT, ", ETA %.0f s", elapsed / round * left)
                  : ""));
      ctx.output(next);
    }

    private static <T> List<T> sorted(List<T> in, ToIntFunction<T> key) {
      List<T> out = new ArrayList<>(in);
      out.sort(Comparator.comparingInt(key));
      return out;
    }
  }
}
