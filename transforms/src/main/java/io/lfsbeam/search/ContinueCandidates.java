package io.lfsbeam.search;

import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.TrainResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * A later rung of successive halving: each surviving candidate continues from its own checkpoint
 * (the one its previous rung wrote) for the rung's share of the round, spread over the workers as
 * {@link TrainCandidates} spreads the first rung. Anything thrown becomes a FAILED result that
 * still counts the steps and seconds of the candidate's earlier rungs.
 */
public final class ContinueCandidates
    extends PTransform<PCollection<TrainResult>, PCollection<TrainResult>> {
  private final CandidateRunner.Factory runners;
  private final Rung rung;

  private ContinueCandidates(CandidateRunner.Factory runners, Rung rung) {
    this.runners = runners;
    this.rung = rung;
  }

  /** Continues each survivor of the rung before {@code rung} through {@code rung}. */
  public static ContinueCandidates to(Rung rung, CandidateRunner.Factory runners) {
    if (rung.isFirst()) {
      throw new IllegalArgumentException("rung 0 starts the candidates: use TrainCandidates");
    }
    return new ContinueCandidates(runners, rung);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .include("runner", runners)
        .add(
            DisplayData.item("rung", rung.index() + 1 + " of " + rung.count())
                .withLabel("Successive-halving rung"));
  }

  @Override
  public PCollection<TrainResult> expand(PCollection<TrainResult> survivors) {
    return survivors
        .apply(
            "KeyByIndex",
            WithKeys.of((TrainResult r) -> r.getCandidate().getIndex())
                .withKeyType(TypeDescriptors.integers()))
        .apply("SpreadOverWorkers", Reshuffle.of())
        .apply("DropKeys", Values.create())
        .apply("Continue", ParDo.of(new ContinueFn(runners, rung)))
        .setCoder(RecordCoders.of(TrainResult.class));
  }

  private static final class ContinueFn extends RunnerFn<TrainResult, TrainResult> {
    private final Rung rung;

    ContinueFn(CandidateRunner.Factory runners, Rung rung) {
      super(runners);
      this.rung = rung;
    }

    @ProcessElement
    public void process(@Element TrainResult previous, OutputReceiver<TrainResult> out) {
      out.output(TrainCandidates.trainRung(runner(), previous.getCandidate(), rung, previous));
    }
  }
}
