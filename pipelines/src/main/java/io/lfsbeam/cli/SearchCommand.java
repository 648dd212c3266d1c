package io.lfsbeam.cli;

import io.lfsbeam.pipelines.SearchOptions;
import io.lfsbeam.pipelines.SearchPipeline;
import io.lfsbeam.pipelines.TrainStageOptions;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.search.SearchLayout;
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
      TrainStageOptions.settings(o, o.getInjectFaults());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  @Override
  public int run(SearchOptions o) throws Exception {
    EvalMetrics m = SearchPipeline.run(o);
    System.out.printf(
        Locale.ROOT,
        "search: final model test accuracy %.4f ± %.4f (%d pairs); model in %s, report %s%n",
        m.getAccuracyMean(),
        m.getAccuracyStd(),
        m.getPairs(),
        SearchLayout.at(o.getOutput()).model(),
        SearchLayout.at(o.getOutput()).report());
    return 0;
  }
}
