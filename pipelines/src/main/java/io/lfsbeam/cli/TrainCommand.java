package io.lfsbeam.cli;

import io.lfsbeam.pipelines.SearchOptions;
import io.lfsbeam.pipelines.SearchPipeline;
import io.lfsbeam.pipelines.TrainOptions;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.search.SearchLayout;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code lfs train}: one model with a fixed loss. It runs as a one-round, one-candidate search in
 * fixed mode, so a trained model has exactly the records, checkpoint and SavedModel a search has.
 */
final class TrainCommand implements Command<TrainOptions> {
  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "Train one model with a fixed loss (softmax, sphereface, cosface, arcface, modulated, curricularface, adaface, magface, elasticface-..., ...); writes TrainResult, checkpoint, SavedModel";
  }

  @Override
  public Class<TrainOptions> optionsType() {
    return TrainOptions.class;
  }

  @Override
  public void validate(TrainOptions o) {
    Checks.positive("epochs", o.getEpochs());
    SearchChecks.validate(asSearch(o));
  }

  @Override
  public List<String> outputs(TrainOptions o) {
    return List.of(o.getOutput());
  }

  @Override
  public Map<String, String> inapplicable() {
    return Map.of(
        "epochsPerRound", "train trains --epochs epochs",
        "minStepsPerRound", "train trains exactly --epochs epochs, however few steps they are");
  }

  static SearchOptions asSearch(TrainOptions o) {
    SearchOptions s = o.as(SearchOptions.class);
    s.setMode(SearchOptions.Mode.FIXED);
    s.setRounds(1);
    s.setCandidates(1);
    s.setEpochsPerRound(o.getEpochs());
    s.setMinStepsPerRound(0);
    return s;
  }

  @Override
  public int run(TrainOptions o) throws Exception {
    EvalMetrics m = SearchPipeline.run(asSearch(o));
    System.out.printf(
        Locale.ROOT,
        "train: %s test accuracy %.4f ± %.4f (%d pairs); records in %s, model in %s%n",
        o.getLoss(),
        m.getAccuracyMean(),
        m.getAccuracyStd(),
        m.getPairs(),
        SearchLayout.at(o.getOutput()).roundDir(1),
        SearchLayout.at(o.getOutput()).model());
    return 0;
  }
}
