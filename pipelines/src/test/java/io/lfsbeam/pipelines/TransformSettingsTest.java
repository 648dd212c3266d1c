package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.search.FinalizeSearch;
import io.lfsbeam.search.SearchConfig;
import io.lfsbeam.search.SearchRounds;
import io.lfsbeam.search.runner.TensorFlowCandidateRunner;
import io.lfsbeam.search.runner.TrainSettings;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;

class TransformSettingsTest {
  @Test
  void theTopLevelCompositesSettingsBecomeOneHiddenOption() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    var runners =
        TensorFlowCandidateRunner.factory(
            "/data/d", "/runs/s", TrainSettings.builder().batchSize(48).build());
    p.apply("StartState", Create.empty(AvroCoder.of(PolicyState.class)))
        .apply(
            "Rounds",
            SearchRounds.of(
                SearchConfig.builder().rounds(2).candidates(3).build(), runners, "/runs/s"))
        .apply("Finalize", FinalizeSearch.of(runners, "/runs/s"));

    String text = TransformSettings.publish(p);

    assertEquals(text, p.getOptions().as(TransformSettings.Options.class).getTransformSettings());
    assertTrue(text.startsWith("Rounds["), text);
    assertTrue(text.contains("rounds=2") && text.contains("candidates=3"), text);
    assertTrue(text.contains("output=/runs/s"), text);
    assertTrue(text.contains("data=/data/d") && text.contains("batchSize=48"), text);
    String finalize = text.substring(text.indexOf(" Finalize["));
    assertTrue(
        finalize.contains("model=/runs/s/model") && finalize.contains("output=/runs/s"), text);
    assertTrue(text.indexOf("backbone=") < text.indexOf("rounds="), "items in key order: " + text);
    // the rounds' own sub-transforms are inside Rounds, not listed again
    assertTrue(!text.contains("Round0001"), text);
  }
}
