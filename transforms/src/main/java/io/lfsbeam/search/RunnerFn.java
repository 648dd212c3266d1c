package io.lfsbeam.search;

import org.apache.beam.sdk.transforms.DoFn;

/**
 * A step that trains or scores candidates with a {@link CandidateRunner}: the runner loads
 * TensorFlow and the data, so each DoFn instance creates it once, in {@code @Setup}, and closes it
 * in {@code @Teardown}, never per element or bundle.
 */
abstract class RunnerFn<InputT, OutputT> extends DoFn<InputT, OutputT> {
  private final CandidateRunner.Factory runners;
  private transient CandidateRunner runner;

  RunnerFn(CandidateRunner.Factory runners) {
    this.runners = runners;
  }

  @Setup
  public void setup() throws Exception {
    runner = runners.create();
  }

  /** The runner of this instance (set up). */
  CandidateRunner runner() {
    return runner;
  }

  @Teardown
  public void teardown() throws Exception {
    if (runner != null) {
      runner.close();
    }
  }
}
