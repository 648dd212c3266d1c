package io.lfsbeam.pipelines;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;

/** Runner settings the commands apply before building a pipeline. */
public final class Runners {
  private Runners() {}

  /**
   * On the DirectRunner: return from {@code run()} at once (so progress can be logged while it
   * runs), and skip the immutability/encodability checks. Those checks are a debugging aid that
   * re-encodes every element and walks the whole graph per bundle: with image payloads and a graph
   * of a few hundred transforms they made a 320-image preprocess take minutes instead of seconds.
   * Tests that want the checks build their own options.
   */
  public static void configure(PipelineOptions options) {
    if (options.getRunner() == DirectRunner.class) {
      DirectOptions d = options.as(DirectOptions.class);
      d.setBlockOnRun(false);
      d.setEnforceImmutability(false);
      d.setEnforceEncodability(false);
    }
  }
}
