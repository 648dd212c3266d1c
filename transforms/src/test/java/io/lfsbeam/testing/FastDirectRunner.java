package io.lfsbeam.testing;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * DirectRunner options without the immutability/encodability checks, which re-encode every element
 * and walk the graph per bundle (minutes instead of seconds for image pipelines). The records are
 * checked by the tests themselves; the checks stay on in tests that use plain options.
 */
public final class FastDirectRunner {
  private FastDirectRunner() {}

  public static PipelineOptions options() {
    DirectOptions o = PipelineOptionsFactory.as(DirectOptions.class);
    o.setEnforceImmutability(false);
    o.setEnforceEncodability(false);
    return o;
  }
}
