package io.lfsbeam.cli;

import io.lfsbeam.pipelines.CompareOptions;
import io.lfsbeam.pipelines.ComparePipeline;
import java.util.List;

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
    Checks.positive("seeds", o.getSeeds());
    try {
      ComparePipeline.validate(o);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    SearchChecks.validate(o);
  }

  @Override
  public List<String> outputs(CompareOptions o) {
    return List.of(o.getOutput());
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
