package io.lfsbeam.search;

import com.google.auto.value.AutoValue;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.PolicyState;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search's last stage, on a worker (where the GPU is): the final state's best model is exported
 * ({@code model/}) and scored on every test set, one record each in {@code
 * final/test_metrics.avro}.
 */
@AutoValue
public abstract class FinalizeSearch
    extends PTransform<PCollection<PolicyState>, PCollection<EvalMetrics>> {
  private static final Logger LOG = LoggerFactory.getLogger(FinalizeSearch.class);

  abstract CandidateRunner.Factory runners();

  abstract String output();

  abstract Builder toBuilder();

  /**
   * Scores and exports with {@code runners} into the search's output folder ({@link
   * SearchLayout#testMetrics}, {@link SearchLayout#model}).
   */
  public static FinalizeSearch of(CandidateRunner.Factory runners, String output) {
    return new AutoValue_FinalizeSearch.Builder().setRunners(runners).setOutput(output).build();
  }

  @Override
  public PCollection<EvalMetrics> expand(PCollection<PolicyState> state) {
    return state
        .apply("EvaluateAndExportBest", ParDo.of(new FinishFn(runners(), output())))
        .setCoder(RecordCoders.of(EvalMetrics.class));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("output", output()).withLabel("Output folder"))
        .add(
            DisplayData.item("model", SearchLayout.at(output()).model())
                .withLabel("Exported SavedModel"))
        .include("runner", runners());
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setRunners(CandidateRunner.Factory runners);

    abstract Builder setOutput(String output);

    abstract FinalizeSearch build();
  }

  private static final class FinishFn extends DoFn<PolicyState, EvalMetrics> {
    private final CandidateRunner.Factory runners;
    private final String output;

    FinishFn(CandidateRunner.Factory runners, String output) {
      this.runners = runners;
      this.output = output;
    }

    @ProcessElement
    public void process(@Element PolicyState state, OutputReceiver<EvalMetrics> out)
        throws Exception {
      try (CandidateRunner runner = runners.create()) {
        List<EvalMetrics> sets = runner.finish(state);
        AvroFiles.write(SearchLayout.at(output).testMetrics(), EvalMetrics.getClassSchema(), sets);
        for (EvalMetrics m : sets) {
          LOG.info(
              String.format(
                  Locale.ROOT,
                  "%s final model (round %d candidate %d): %s accuracy %.4f ± %.4f over %d pairs",
                  state.getSearchId(),
                  state.getBestCandidate().getRound(),
                  state.getBestCandidate().getIndex(),
                  m.getEvalSet(),
                  m.getAccuracyMean(),
                  m.getAccuracyStd(),
                  m.getPairs()));
          out.output(m);
        }
      }
    }
  }
}
