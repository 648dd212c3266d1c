package io.lfsbeam.search;

import io.lfsbeam.evaluate.MetricsAssembly;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.util.Locale;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reward: each trained candidate's 10-fold verification accuracy on the reward set (the
 * validation pairs, or a verification .bin). Failed candidates produce no metrics (they get no
 * reward); an evaluation that throws produces metrics whose {@code evaluationError} says why (the
 * accuracies NaN), which {@link UpdatePolicy} records as a failed candidate with that reason, so a
 * round whose every candidate failed names the cause rather than the training's OK status.
 */
public final class EvaluateCandidates
    extends PTransform<PCollection<TrainResult>, PCollection<EvalMetrics>> {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateCandidates.class);

  /** The set name of an evaluation that failed before it knew its set. */
  static final String REWARD_SET = "reward";

  private final CandidateRunner.Factory runners;

  private EvaluateCandidates(CandidateRunner.Factory runners) {
    this.runners = runners;
  }

  public static EvaluateCandidates with(CandidateRunner.Factory runners) {
    return new EvaluateCandidates(runners);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.include("runner", runners);
  }

  @Override
  public PCollection<EvalMetrics> expand(PCollection<TrainResult> results) {
    return results
        .apply("Evaluate", ParDo.of(new EvalFn(runners)))
        .setCoder(RecordCoders.of(EvalMetrics.class));
  }

  static final class EvalFn extends RunnerFn<TrainResult, EvalMetrics> {

    EvalFn(CandidateRunner.Factory runners) {
      super(runners);
    }

    @ProcessElement
    public void process(@Element TrainResult r, OutputReceiver<EvalMetrics> out) {
      if (r.getStatus() != TrainStatus.OK) {
        return;
      }
      try {
        EvalMetrics m = runner().evaluate(r);
        LOG.info(
            "{} round {} candidate {}: {} accuracy {}",
            r.getCandidate().getSearchId(),
            r.getCandidate().getRound(),
            r.getCandidate().getIndex(),
            m.getEvalSet(),
            String.format(Locale.ROOT, "%.4f ± %.4f", m.getAccuracyMean(), m.getAccuracyStd()));
        out.output(m);
      } catch (Exception e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        LOG.warn(
            "{} round {} candidate {}: evaluation failed: {}",
            r.getCandidate().getSearchId(),
            r.getCandidate().getRound(),
            r.getCandidate().getIndex(),
            why);
        out.output(failed(r, why));
      }
    }

    /** The metrics of an evaluation that threw: no figures, the reason, with the candidate. */
    static EvalMetrics failed(TrainResult r, String why) {
      EvalMetrics m = MetricsAssembly.failed(r.getCheckpointUri(), REWARD_SET, why);
      m.setCandidate(r.getCandidate());
      return m;
    }
  }
}
