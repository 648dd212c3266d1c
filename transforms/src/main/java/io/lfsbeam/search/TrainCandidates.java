package io.lfsbeam.search;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training stage per candidate. A {@link Reshuffle} first breaks fusion with the sampling step,
 * so the M candidates spread over workers/slots and train in parallel. Anything a candidate throws
 * becomes a FAILED {@link TrainResult}: one bad candidate never fails the round.
 */
public final class TrainCandidates
    extends PTransform<PCollection<LossCandidate>, PCollection<TrainResult>> {
  /** Candidates trained with status OK; Flink shows it as {@code lfs.search/candidates_trained}. */
  public static final MetricName TRAINED = MetricName.named("lfs.search", "candidates_trained");

  /** Candidates that failed (an exception, a crash or a non-finite loss); the round goes on. */
  public static final MetricName FAILED = MetricName.named("lfs.search", "candidates_failed");

  private static final Logger LOG = LoggerFactory.getLogger(TrainCandidates.class);
  private final CandidateRunner.Factory runners;

  private TrainCandidates(CandidateRunner.Factory runners) {
    this.runners = runners;
  }

  public static TrainCandidates with(CandidateRunner.Factory runners) {
    return new TrainCandidates(runners);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.include("runner", runners);
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
        .apply("Train", ParDo.of(new TrainFn(runners)))
        .setCoder(AvroCoder.of(TrainResult.class));
  }

  static final class TrainFn extends DoFn<LossCandidate, TrainResult> {
    private final CandidateRunner.Factory runners;
    private transient CandidateRunner runner;
    private final Counter done = Metrics.counter(TRAINED.getNamespace(), TRAINED.getName());
    private final Counter failed = Metrics.counter(FAILED.getNamespace(), FAILED.getName());

    TrainFn(CandidateRunner.Factory runners) {
      this.runners = runners;
    }

    @Setup
    public void setup() throws Exception {
      runner = runners.create();
    }

    @ProcessElement
    public void process(@Element LossCandidate c, OutputReceiver<TrainResult> out) {
      long start = System.currentTimeMillis();
      TrainResult r;
      try {
        r = runner.train(c);
      } catch (Throwable t) {
        long end = System.currentTimeMillis();
        r =
            TrainResult.newBuilder()
                .setCandidate(c)
                .setStatus(TrainStatus.FAILED)
                .setMessage(t.getClass().getSimpleName() + ": " + t.getMessage())
                .setSteps(0)
                .setEpochs(0)
                .setDevice("unknown")
                .setStartMillis(start)
                .setEndMillis(end)
                .setWallMillis(end - start)
                .build();
      }
      (r.getStatus() == TrainStatus.OK ? done : failed).inc();
      LOG.info(
          "{} round {} candidate {}: {} {} in {} s{}",
          c.getSearchId(),
          c.getRound(),
          c.getIndex(),
          c.getFamily(),
          r.getStatus(),
          r.getWallMillis() / 1000.0,
          r.getMessage() == null ? "" : " (" + r.getMessage() + ")");
      out.output(r);
    }

    @Teardown
    public void teardown() throws Exception {
      if (runner != null) {
        runner.close();
      }
    }
  }
}
