package io.lfsbeam.search;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.PolicyState;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search's last stage, on a worker (where the GPU is): the final state's best model is scored
 * on the test pairs ({@code final/test_metrics.avro}) and exported ({@code model/}).
 */
public final class FinalizeSearch
    extends PTransform<PCollection<PolicyState>, PCollection<EvalMetrics>> {
  private static final Logger LOG = LoggerFactory.getLogger(FinalizeSearch.class);
  private final CandidateRunner.Factory runners;
  private final String output;

  private FinalizeSearch(CandidateRunner.Factory runners, String output) {
    this.runners = runners;
    this.output = output;
  }

  public static FinalizeSearch of(CandidateRunner.Factory runners, String output) {
    return new FinalizeSearch(runners, output);
  }

  @Override
  public PCollection<EvalMetrics> expand(PCollection<PolicyState> state) {
    return state
        .apply("EvaluateAndExportBest", ParDo.of(new FinishFn(runners, output)))
        .setCoder(AvroCoder.of(EvalMetrics.class));
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
        EvalMetrics m = runner.finish(state);
        AvroFiles.write(
            SearchLayout.at(output).testMetrics(), EvalMetrics.getClassSchema(), List.of(m));
        LOG.info(
            String.format(
                Locale.ROOT,
                "final model (round %d candidate %d): test accuracy %.4f ± %.4f over %d pairs",
                state.getBestCandidate().getRound(),
                state.getBestCandidate().getIndex(),
                m.getAccuracyMean(),
                m.getAccuracyStd(),
                m.getPairs()));
        out.output(m);
      }
    }
  }
}
