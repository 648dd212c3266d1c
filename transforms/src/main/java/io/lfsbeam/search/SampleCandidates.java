package io.lfsbeam.search;

import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@link PolicyState} → the next round's M {@link LossCandidate}s, deterministic from (seed, round,
 * index).
 */
public final class SampleCandidates
    extends PTransform<PCollection<PolicyState>, PCollection<LossCandidate>> {
  private final SearchConfig config;

  private SampleCandidates(SearchConfig config) {
    this.config = config;
  }

  public static SampleCandidates of(SearchConfig config) {
    return new SampleCandidates(config);
  }

  @Override
  public PCollection<LossCandidate> expand(PCollection<PolicyState> state) {
    return state
        .apply("Sample", ParDo.of(new SampleFn(config)))
        .setCoder(RecordCoders.of(LossCandidate.class));
  }

  private static final class SampleFn extends DoFn<PolicyState, LossCandidate> {
    private final SearchConfig config;

    SampleFn(SearchConfig config) {
      this.config = config;
    }

    @ProcessElement
    public void process(@Element PolicyState state, OutputReceiver<LossCandidate> out) {
      SearchPolicies.sample(state, config).forEach(out::output);
    }
  }
}
