package io.lfsbeam.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.search.runner.TensorFlowCandidateRunner;
import io.lfsbeam.search.runner.TrainSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.display.HasDisplayData;
import org.junit.jupiter.api.Test;

/** What the runner's UI and job graph show of the search transforms' settings. */
class SearchDisplayDataTest {
  private final SearchConfig config =
      SearchConfig.builder().mode(SearchMode.RANDOM).rounds(5).candidates(3).sigma(0.3).build();
  private final CandidateRunner.Factory runners =
      TensorFlowCandidateRunner.factory(
          "/data/casia",
          "/runs/s1",
          TrainSettings.builder().batchSize(32).backbone("resnet20").build());

  /** key → value of every item, namespaced by the simple name of the component that added it. */
  static Map<String, Object> items(HasDisplayData component) {
    Map<String, Object> out = new HashMap<>();
    for (DisplayData.Item i : DisplayData.from(component).items()) {
      out.put(i.getNamespace().getSimpleName() + "/" + i.getKey(), i.getValue());
    }
    return out;
  }

  @Test
  void searchRoundsShowTheSearchTheOutputAndWhatEachCandidateTrainsWith() {
    Map<String, Object> d =
        items(SearchRounds.of(config, runners, "/runs/s1").withCompletedRounds(2));
    assertEquals("RANDOM", d.get("SearchConfig/mode"), d.toString());
    assertEquals("5", d.get("SearchConfig/rounds"));
    assertEquals("3", d.get("SearchConfig/candidates"));
    assertEquals("0.3", d.get("SearchConfig/sigma"));
    assertEquals(2L, d.get("SearchRounds/completedRounds"));
    assertEquals("/runs/s1", d.get("SearchRounds/output"));
    assertEquals("/data/casia", d.get("Factory/data"));
    assertEquals("32", d.get("TrainSettings/batchSize"));
    assertEquals("resnet20", d.get("TrainSettings/backbone"));
  }

  @Test
  void finalizeShowsWhereTheModelGoes() {
    Map<String, Object> d = items(FinalizeSearch.of(runners, "/runs/s1"));
    assertEquals("/runs/s1/model", d.get("FinalizeSearch/model"), d.toString());
    assertEquals("32", d.get("TrainSettings/batchSize"));
  }

  @Test
  void aRunnerWithoutDisplayDataShowsNothingOfItsOwn() {
    CandidateRunner.Factory bare = () -> null;
    Map<String, Object> d = items(TrainCandidates.with(bare));
    assertFalse(d.keySet().stream().anyMatch(k -> k.startsWith("TrainSettings/")), d.toString());
  }
}
