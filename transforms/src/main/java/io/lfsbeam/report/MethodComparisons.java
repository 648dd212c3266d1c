package io.lfsbeam.report;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.MethodComparison;
import io.lfsbeam.schemas.SetEvaluation;
import io.lfsbeam.schemas.TarAtFar;
import io.lfsbeam.schemas.TarPoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** One {@link MethodComparison} record from a finished (or partial) search output folder. */
public final class MethodComparisons {
  private MethodComparisons() {}

  /** Reads {@code runDir} and summarises it as one record of {@code method}. */
  public static MethodComparison fromRunDir(String method, String runDir) throws IOException {
    return fromRun(method, SearchSummary.of(SearchRun.load(runDir)));
  }

  static MethodComparison fromRun(String method, SearchSummary s) {
    SearchRun run = s.run();
    long seed;
    try {
      seed = Long.parseLong(run.config("seed", "0"));
    } catch (NumberFormatException e) {
      seed = 0;
    }
    List<SetEvaluation> sets = new ArrayList<>();
    for (EvalMetrics m : run.testMetrics()) {
      List<TarPoint> tars = new ArrayList<>();
      for (TarAtFar t : m.getTarAtFar()) {
        tars.add(new TarPoint(t.getFar(), t.getTar()));
      }
      sets.add(
          SetEvaluation.newBuilder()
              .setEvalSet(m.getEvalSet())
              .setPairs(m.getPairs())
              .setAccuracyMean(m.getAccuracyMean())
              .setAccuracyStd(m.getAccuracyStd())
              .setAuc(m.getAuc())
              .setEer(m.getEer())
              .setTarAtFar(tars)
              .setRank1(m.getRank1())
              .build());
    }
    return MethodComparison.newBuilder()
        .setMethod(method)
        .setSeed(seed)
        .setRunDir(run.outputDir())
        .setMode(run.config("mode", ""))
        .setRounds(s.rounds().size())
        .setCandidates(s.candidates())
        .setFailedCandidates(s.failedCandidates())
        .setValAccuracy(s.valAccuracy())
        .setEvaluations(sets)
        .setTrainingSeconds(s.trainingSeconds())
        .setTrainingSteps(s.trainingSteps())
        .setFinalModelEpochs(s.finalModelEpochs())
        .setSearchWallSeconds(s.wallSeconds())
        .setTrainingImages(s.trainingImages())
        .setSampledMargins(s.sampledMargins().orElse(null))
        .setLossMargin(fixedMargin(run))
        .build();
  }

  private static Double fixedMargin(SearchRun run) {
    OptionalDouble m = MarginReach.ofFixed(run.config());
    return m.isPresent() ? m.getAsDouble() : null;
  }
}
