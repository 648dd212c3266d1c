package io.lfsbeam.cli;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.pipelines.Places;
import io.lfsbeam.pipelines.SearchOptions;
import io.lfsbeam.pipelines.SearchPipeline;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.search.SearchLayout;
import io.lfsbeam.search.runner.EvalSets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
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
    SearchChecks.validate(o);
  }

  @Override
  public List<String> outputs(SearchOptions o) {
    return List.of(o.getOutput());
  }

  /**
   * What a search reads, for {@link Checks#apart}: the data and the .bin sets ({@code --resumeFrom}
   * lies in the output by design).
   */
  static Places.Input[] readPlaces(String data, EvalSets sets) {
    List<Places.Input> in = new ArrayList<>();
    in.add(Checks.input("data", data));
    in.add(Checks.input("valBin", sets.valBin()));
    for (String bin : sets.testBins()) {
      in.add(Checks.input("testBins", bin));
    }
    return in.toArray(Places.Input[]::new);
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
