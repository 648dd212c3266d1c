package io.lfsbeam.search;

import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cut after a rung of successive halving: every candidate's rung result with its validation
 * score → the best {@link Rung#continuing()} (by score, ties to the lower index; {@link
 * SuccessiveHalving#survivors}) on {@link #CONTINUING}, the others, and every candidate after the
 * last rung, on {@link #FINISHED} with their metrics on {@link #FINISHED_METRICS}. A candidate that
 * failed, diverged or could not be scored stops here. The rung's results and metrics reach every
 * element as side inputs, so each decides its own fate from the same complete list.
 */
public final class ScoreRung extends PTransform<PCollection<TrainResult>, PCollectionTuple> {
  /** Candidates that go on to the next rung, their rung steps and score recorded. */
  public static final TupleTag<TrainResult> CONTINUING = new TupleTag<>() {};

  /** Candidates whose round ends at this rung (stopped, failed, or after the last rung). */
  public static final TupleTag<TrainResult> FINISHED = new TupleTag<>() {};

  /** The validation metrics of the {@link #FINISHED} candidates (their round's reward basis). */
  public static final TupleTag<EvalMetrics> FINISHED_METRICS = new TupleTag<>() {};

  private static final Logger LOG = LoggerFactory.getLogger(ScoreRung.class);

  private final Rung rung;
  private final PCollection<EvalMetrics> metrics;

  private ScoreRung(Rung rung, PCollection<EvalMetrics> metrics) {
    this.rung = rung;
    this.metrics = metrics;
  }

  /** The cut after {@code rung} given its candidates' validation metrics. */
  public static ScoreRung of(Rung rung, PCollection<EvalMetrics> metrics) {
    return new ScoreRung(rung, metrics);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(
            DisplayData.item("rung", rung.index() + 1 + " of " + rung.count())
                .withLabel("Successive-halving rung"))
        .add(DisplayData.item("continuing", rung.continuing()).withLabel("Candidates kept"));
  }

  @Override
  public PCollectionTuple expand(PCollection<TrainResult> results) {
    PCollectionView<List<TrainResult>> all = results.apply("ResultsView", View.asList());
    PCollectionView<List<EvalMetrics>> scores = metrics.apply("MetricsView", View.asList());
    PCollectionTuple out =
        results.apply(
            "Cut",
            ParDo.of(new CutFn(rung, all, scores))
                .withSideInputs(all, scores)
                .withOutputTags(CONTINUING, TupleTagList.of(FINISHED).and(FINISHED_METRICS)));
    out.get(CONTINUING).setCoder(RecordCoders.of(TrainResult.class));
    out.get(FINISHED).setCoder(RecordCoders.of(TrainResult.class));
    out.get(FINISHED_METRICS).setCoder(RecordCoders.of(EvalMetrics.class));
    return out;
  }

  /**
   * The indices that continue after {@code rung}: the best {@code rung.continuing()} of the
   * candidates that trained OK and have a finite score (none after the last rung).
   */
  static Set<Integer> survivors(Rung rung, List<TrainResult> results, List<EvalMetrics> metrics) {
    if (rung.isLast()) {
      return Set.of();
    }
    Map<Integer, EvalMetrics> byIndex = byIndex(metrics);
    Map<Integer, Double> ok = new HashMap<>();
    for (TrainResult r : SearchPolicies.recordedResults(results, metrics)) {
      EvalMetrics m = byIndex.get(r.getCandidate().getIndex());
      if (scored(r, m)) {
        ok.put(r.getCandidate().getIndex(), m.getAccuracyMean());
      }
    }
    return new HashSet<>(SuccessiveHalving.survivors(ok, rung.continuing()));
  }

  private static boolean scored(TrainResult r, EvalMetrics m) {
    return r.getStatus() == TrainStatus.OK && m != null && Double.isFinite(m.getAccuracyMean());
  }

  private static Map<Integer, EvalMetrics> byIndex(List<EvalMetrics> metrics) {
    Map<Integer, EvalMetrics> out = new HashMap<>();
    for (EvalMetrics m : metrics) {
      out.put(m.getCandidate().getIndex(), m);
    }
    return out;
  }

  private static final class CutFn extends DoFn<TrainResult, TrainResult> {
    private final Rung rung;
    private final PCollectionView<List<TrainResult>> all;
    private final PCollectionView<List<EvalMetrics>> metrics;
    private final Counter done =
        Metrics.counter(TrainCandidates.TRAINED.getNamespace(), TrainCandidates.TRAINED.getName());
    private final Counter failed =
        Metrics.counter(TrainCandidates.FAILED.getNamespace(), TrainCandidates.FAILED.getName());

    CutFn(
        Rung rung,
        PCollectionView<List<TrainResult>> all,
        PCollectionView<List<EvalMetrics>> metrics) {
      this.rung = rung;
      this.all = all;
      this.metrics = metrics;
    }

    @ProcessElement
    public void process(ProcessContext ctx) {
      List<EvalMetrics> ms = ctx.sideInput(metrics);
      int index = ctx.element().getCandidate().getIndex();
      EvalMetrics m = byIndex(ms).get(index);
      // a model that diverged without a NaN loss is recorded as NAN, as a NaN loss is
      TrainResult r =
          SearchPolicies.recordedResults(List.of(ctx.element()), m == null ? List.of() : List.of(m))
              .get(0);
      boolean isScored = scored(r, m);
      TrainResult recorded = RungResults.scored(r, m, isScored);
      if (survivors(rung, ctx.sideInput(all), ms).contains(index)) {
        ctx.output(CONTINUING, recorded);
        return;
      }
      ctx.output(FINISHED, recorded);
      if (m != null) {
        ctx.output(FINISHED_METRICS, m);
      }
      (recorded.getStatus() == TrainStatus.OK ? done : failed).inc();
      LOG.info(
          "{} round {} candidate {}: {} after rung {}/{} at {} steps{}",
          recorded.getCandidate().getSearchId(),
          recorded.getCandidate().getRound(),
          index,
          rung.isLast() ? "finished" : isScored ? "stopped" : "failed",
          rung.index() + 1,
          rung.count(),
          recorded.getSteps(),
          isScored ? String.format(Locale.ROOT, ", score %.4f", m.getAccuracyMean()) : "");
    }
  }
}
