package io.lfsbeam.cli;

import io.lfsbeam.pipelines.SearchOptions;
import io.lfsbeam.pipelines.SearchPipeline;
import io.lfsbeam.pipelines.TrainStageOptions;
import io.lfsbeam.search.SuccessiveHalving;
import io.lfsbeam.search.runner.EvalSets;
import java.nio.file.Paths;

/**
 * The checks {@code train}, {@code search} and {@code compare} share, so one bad value is the same
 * usage error (exit 2) whichever of them is given it, and what can be checked in the driver is,
 * before any training: the search and training settings, the sets the run is scored on (the data's
 * val and test pairs, or every image of the .bin files replacing them), the output.
 */
final class SearchChecks {
  private SearchChecks() {}

  static void validate(SearchOptions o) {
    Checks.existingPath("data", o.getData());
    if (o.getResumeFrom() != null) {
      Checks.existingPath("resumeFrom", o.getResumeFrom());
    }
    Checks.positive("rounds", o.getRounds());
    Checks.positive("candidates", o.getCandidates());
    // a .bin that is refused or malformed, a data folder that cannot be read or sized: one line
    Checks.asUsage(
        () -> {
          SearchPipeline.config(o);
          if (o.getHalvingRate() > SuccessiveHalving.OFF) {
            // the rungs need the round's steps, which the data's size decides
            SearchPipeline.runConfig(
                o,
                TrainStageOptions.settings(o, o.getInjectFaults()),
                Paths.get(o.getData()).toAbsolutePath().normalize().toString());
          }
          EvalSets sets = SearchPipeline.evalSets(o);
          if (sets.valBin() != null) {
            Checks.existingPath("valBin", o.getValBin());
          }
          for (String bin : sets.testBins()) {
            Checks.existingPath("testBins", bin);
          }
          // the output's own problems (a file in its path, no permission) first, then its place
          Checks.writableFolder("output", o.getOutput());
          Checks.apart("output", o.getOutput(), SearchCommand.readPlaces(o.getData(), sets));
          SearchPipeline.checkBeforeTraining(o);
        });
  }
}
