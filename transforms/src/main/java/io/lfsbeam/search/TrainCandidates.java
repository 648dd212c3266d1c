package io.lfsbeam.search;

import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training stage per candidate. A {@link Reshuffle} first breaks fusion with the sampling step,
 * so the M candidates spread over workers/slots and train in parallel. Anything a candidate throws
 * becomes a FAILED {@link TrainResult}: one bad candidate never fails the round.
 *
 * <p>Without successive halving a candidate trains its whole round here; with it ({@link #atRung}),
 * the first rung, and {@link ContinueCandidates} trains the later ones.
 */
public final class TrainCandidates
    extends PTransform<PCollection<LossCandidate>, PCollection<TrainResult>> {
  /** Candidates trained with status OK; Flink shows it as {@code lfs.search/candidates_trained}. */
  public static final MetricName TRAINED = MetricName.named("lfs.search", "candidates_trained");

  /** Candidates that failed (an exception, a crash or a non-finite loss); the round goes on. */
  public static final MetricName FAILED = MetricName.named("lfs.search", "candidates_failed");

  private static final Logger LOG = LoggerFactory.getLogger(TrainCandidates.class);
  private final CandidateRunner.Factory runners;
  private final Rung rung;

  private TrainCandidates(CandidateRunner.Factory runners, Rung rung) {
    this.runners = runners;
    this.rung = rung;
  }

  /** Trains each candidate's whole round. */
  public static TrainCandidates with(CandidateRunner.Factory runners) {
    return new TrainCandidates(runners, Rung.whole());
  }

  /** Trains only the first rung of a round under successive halving. */
  public TrainCandidates atRung(Rung first) {
    if (!first.isFirst()) {
      throw new IllegalArgumentException(
          "candidates start at rung 0; later rungs continue with ContinueCandidates");
    }
    return new TrainCandidates(runners, first);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.include("runner", runners);
    if (!rung.isWholeRound()) {
      builder.add(
          DisplayData.item("rung", rung.index() + 1 + " of " + rung.count())
              .withLabel("Successive-halving rung"));
    }
  }

  @Override
  public PCollection<TrainResult> expand(PCollection<LossCandidate> candidates) {
    return candidates
        // keyed by index rather than at random: the spread over workers is then the same on every
        // run, and M distinct keys land on distinct slots as far as the runner's hashing allows
        .apply(
            "KeyByIndex",
            WithKeys.of((LossCandidate c) -> c.getIndex()).withKeyType(TypeDescriptors.integers()))
        .apply("SpreadOverWorkers", Reshuffle.of())
        .apply("DropKeys", Values.create())
        .apply("Train", ParDo.of(new TrainFn(runners, rung)))
        .setCoder(RecordCoders.of(TrainResult.class));
  }

  static final class TrainFn extends RunnerFn<LossCandidate, TrainResult> {
    private final Rung rung;
    private final Counter done = Metrics.counter(TRAINED.getNamespace(), TRAINED.getName());
    private final Counter failed = Metrics.counter(FAILED.getNamespace(), FAILED.getName());

    TrainFn(CandidateRunner.Factory runners, Rung rung) {
      super(runners);
      this.rung = rung;
    }

    @ProcessElement
    public void process(@Element LossCandidate c, OutputReceiver<TrainResult> out) {
      TrainResult r = trainRung(runner(), c, rung, null);
      // under halving a candidate counts once, when it stops (ScoreRung)
      if (rung.isWholeRound()) {
        (r.getStatus() == TrainStatus.OK ? done : failed).inc();
      }
      out.output(r);
    }
  }

  /**
   * One rung of one candidate (the whole round without halving): what the runner reports added to
   * the candidate's earlier rungs, anything thrown turned into a FAILED result, and a log line.
   */
  static TrainResult trainRung(
      CandidateRunner runner, LossCandidate c, Rung rung, @Nullable TrainResult previous) {
    long start = System.currentTimeMillis();
    TrainResult r;
    try {
      r = RungResults.accumulate(previous, runner.train(c, rung, previous), rung);
    } catch (Throwable t) {
      r = RungResults.failed(c, previous, rung, t, start, System.currentTimeMillis());
    }
    LOG.info(
        "{} round {} candidate {}{}: {} {} in {} s{}",
        c.getSearchId(),
        c.getRound(),
        c.getIndex(),
        rung.isWholeRound() ? "" : " rung " + (rung.index() + 1) + "/" + rung.count(),
        c.getFamily(),
        r.getStatus(),
        (System.currentTimeMillis() - start) / 1000.0,
        r.getMessage() == null ? "" : " (" + r.getMessage() + ")");
    return r;
  }
}
