package io.lfsbeam.cli;

import io.lfsbeam.pipelines.CompareOptions;
import io.lfsbeam.pipelines.ComparePipeline;
import io.lfsbeam.pipelines.SearchPipeline;
import io.lfsbeam.pipelines.TrainStageOptions;
import io.lfsbeam.search.runner.EvalSets;

/**
 * {@code lfs compare}: the paper's table at small scale, every method on the same data and budget.
 */
final class CompareCommand implements Command<CompareOptions> {
  @Override
  public String name() {
    return "compare";
  }

  @Override
  public String summary() {
    return "Run every method (fixed losses, AM-LFS, Random-, Search-Softmax, the population control) on the same data and budget over seeds; table with paired intervals + plot";
  }

  @Override
  public Class<CompareOptions> optionsType() {
    return CompareOptions.class;
  }

  @Override
  public void validate(CompareOptions o) {
    Checks.existingPath("data", o.getData());
    Checks.positive("seeds", o.getSeeds());
    Checks.positive("rounds", o.getRounds());
    try {
      ComparePipeline.validate(o);
      SearchPipeline.config(o);
      TrainStageOptions.settings(o, o.getInjectFaults());
      EvalSets sets = SearchPipeline.evalSets(o);
      if (sets.valBin() != null) {
        Checks.existingPath("valBin", o.getValBin());
      }
      for (String bin : sets.testBins()) {
        Checks.existingPath("testBins", bin);
      }
      Checks.apart("output", o.getOutput(), SearchCommand.readPlaces(o.getData(), sets));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  @Override
  public int run(CompareOptions o) throws Exception {
    ComparePipeline.run(o);
    System.out.println(
        "compare: table "
            + o.getOutput()
            + "/comparison.md, plot "
            + o.getOutput()
            + "/comparison.png");
    return 0;
  }
}
