package io.lfsbeam.cli;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.pipelines.SearchOptions;
import io.lfsbeam.pipelines.SearchPipeline;
import io.lfsbeam.pipelines.TrainStageOptions;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.search.SearchLayout;
import io.lfsbeam.search.SuccessiveHalving;
import io.lfsbeam.search.runner.EvalSets;
import io.lfsbeam.search.runner.TrainSettings;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * {@code lfs search}: Search-Softmax, Random-Softmax, AM-LFS or a fixed loss, round by round on
 * Beam.
 */
final class SearchCommand implements Command<SearchOptions> {
  @Override
  public String name() {
    return "search";
  }

  @Override
  public String summary() {
    return "Loss function search (search|random|amlfs|fixed): rounds of M candidates, policy update, final model";
  }

  @Override
  public Class<SearchOptions> optionsType() {
    return SearchOptions.class;
  }

  @Override
  public void validate(SearchOptions o) {
    Checks.existingPath("data", o.getData());
    if (o.getResumeFrom() != null) {
      Checks.existingPath("resumeFrom", o.getResumeFrom());
    }
    Checks.positive("rounds", o.getRounds());
    Checks.positive("candidates", o.getCandidates());
    try {
      SearchPipeline.config(o);
      TrainSettings settings = TrainStageOptions.settings(o, o.getInjectFaults());
      if (o.getHalvingRate() > SuccessiveHalving.OFF) {
        // the rungs need the round's steps, which the data's size decides
        SearchPipeline.runConfig(
            o, settings, Paths.get(o.getData()).toAbsolutePath().normalize().toString());
      }
      EvalSets sets = SearchPipeline.evalSets(o);
      if (sets.valBin() != null) {
        Checks.existingPath("valBin", o.getValBin());
      }
      for (String bin : sets.testBins()) {
        Checks.existingPath("testBins", bin);
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } catch (UsageException e) {
      throw e;
    } catch (Exception e) {
      // the data's size could not be read: the run itself reports that, with its cause
    }
  }

  @Override
  public int run(SearchOptions o) throws Exception {
    SearchPipeline.run(o);
    SearchLayout layout = SearchLayout.at(Paths.get(o.getOutput()).toAbsolutePath().toString());
    for (EvalMetrics m : AvroFiles.read(layout.testMetrics(), EvalMetrics.class)) {
      System.out.printf(
          Locale.ROOT,
          "search: final model on %s: accuracy %.4f ± %.4f (%d pairs)%n",
          m.getEvalSet(),
          m.getAccuracyMean(),
          m.getAccuracyStd(),
          m.getPairs());
    }
    System.out.printf(
        Locale.ROOT, "search: model in %s, report %s%n", layout.model(), layout.report());
    return 0;
  }
}
