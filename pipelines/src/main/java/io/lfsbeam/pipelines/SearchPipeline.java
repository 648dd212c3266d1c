package io.lfsbeam.pipelines;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.OutputLock;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.report.SearchReport;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.search.CandidateRunner;
import io.lfsbeam.search.FinalizeSearch;
import io.lfsbeam.search.FixedLoss;
import io.lfsbeam.search.ResumeCheck;
import io.lfsbeam.search.SearchConfig;
import io.lfsbeam.search.SearchLayout;
import io.lfsbeam.search.SearchPolicies;
import io.lfsbeam.search.SearchResume;
import io.lfsbeam.search.SearchRounds;
import io.lfsbeam.search.SuccessiveHalving;
import io.lfsbeam.search.TrainCandidates;
import io.lfsbeam.search.policy.CandidateSeeds;
import io.lfsbeam.search.runner.EvalSets;
import io.lfsbeam.search.runner.SearchData;
import io.lfsbeam.search.runner.TensorFlowCandidateRunner;
import io.lfsbeam.search.runner.TrainSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.Create;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lfs search}: B rounds of M candidates in one Beam pipeline, then the best model scored on
 * the test pairs and exported. Reruns continue after the last completed round in {@code --output}.
 */
public final class SearchPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(SearchPipeline.class);

  private SearchPipeline() {}

  public static SearchConfig config(SearchOptions o) {
    SearchMode mode = o.getMode().schema();
    SearchConfig.Builder b =
        SearchConfig.builder()
            .searchId(searchId(o))
            .mode(mode)
            .rounds(o.getRounds())
            .candidates(o.getCandidates())
            .sigma(o.getSigma())
            .scale(o.getScale())
            .policyLr(o.getPolicyLr())
            .beta1(o.getPolicyBeta1())
            .beta2(o.getPolicyBeta2())
            .reluOnMu(o.getReluOnMu())
            .warmupRounds(o.getWarmupRounds())
            .space(o.getSpace())
            .seed(o.getSeed())
            .initialMu(o.getInitialMu())
            .sphereAnnealFraction(o.getSphereAnnealFraction())
            .halving(o.getHalvingRate(), o.getRungs());
    if (mode == SearchMode.FIXED || mode == SearchMode.POPULATION) {
      FixedLoss f =
          FixedLoss.parse(
              o.getLoss(),
              o.getMargin(),
              o.getCombinedMargins(),
              o.getModulation(),
              o.getScale(),
              ModernLossOptions.modernLosses(o));
      b.fixedLoss(f);
    }
    return b.build();
  }

  /** The reward and test sets of {@code --valBin} / {@code --testBins} (absolute paths). */
  public static EvalSets evalSets(SearchOptions o) {
    EvalSets given = EvalSets.of(o.getValBin(), o.getTestBins());
    return new EvalSets(
        given.valBin() == null ? null : absolute(given.valBin()),
        given.testBins().stream().map(SearchPipeline::absolute).toList());
  }

  private static String absolute(String path) {
    return Paths.get(path).toAbsolutePath().normalize().toString();
  }

  static String searchId(SearchOptions o) {
    return o.getSearchId() != null
        ? o.getSearchId()
        : Paths.get(o.getOutput()).toAbsolutePath().normalize().getFileName().toString();
  }

  /**
   * What a search checks before it trains anything: the training settings, the sets it is scored on
   * (the data's val and test pairs, or the .bin files that replace them, every image of those
   * decoded at the backbone's input size).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static void checkBeforeTraining(SearchOptions o) throws IOException {
    TrainSettings settings = TrainStageOptions.settings(o, o.getInjectFaults());
    EvalSets sets = evalSets(o);
    sets.checkData(Paths.get(o.getData()).toAbsolutePath().normalize().toString());
    sets.check(settings);
  }

  /**
   * Runs the search, holding {@code --output} ({@link OutputLock}); returns the final model's test
   * metrics.
   */
  public static EvalMetrics run(SearchOptions o) throws Exception {
    try (OutputLock lock = OutputLock.acquire(o.getOutput(), "lfs search")) {
      return runHolding(o);
    }
  }

  private static EvalMetrics runHolding(SearchOptions o) throws Exception {
    String data = Paths.get(o.getData()).toAbsolutePath().normalize().toString();
    String output = Paths.get(o.getOutput()).toAbsolutePath().normalize().toString();
    TrainSettings settings = TrainStageOptions.settings(o, o.getInjectFaults());
    FileSystems.setDefaultPipelineOptions(o);
    EvalSets sets = evalSets(o);
    sets.checkData(data);
    sets.check(settings);
    SearchConfig config = runConfig(o, settings, data);
    Map<String, String> recorded = recordedConfig(config, settings, data, sets);
    long start = System.currentTimeMillis();

    PolicyState state =
        o.getResumeFrom() != null
            ? SearchResume.read(o.getResumeFrom())
            : SearchResume.lastCompleted(output).orElse(null);
    if (state != null) {
      // before anything is written: a rerun must not mix two configurations under one output
      boolean unrecorded = state.getConfig().isEmpty();
      state =
          ResumeCheck.resume(
              state,
              config,
              recorded,
              o.getAllowConfigChange(),
              o.getResumeFrom() != null ? o.getResumeFrom() : output);
      if (unrecorded) {
        LOG.warn(
            "search {}: the state of round {} records no configuration (an older run); it cannot be checked against this one",
            config.searchId(),
            state.getRound());
      }
    }
    Files.createDirectories(Paths.get(output));
    if (state == null) {
      String init =
          TensorFlowCandidateRunner.writeInitialCheckpoint(
              data,
              output,
              settings,
              CandidateSeeds.initialWeightsSeed(config.seed()),
              config.hasFixedLoss() ? config.fixedFamily() : LossFamily.MODULATED);
      state =
          PolicyState.newBuilder(SearchPolicies.initial(config))
              .setBestCheckpoint(init)
              .setConfig(recorded)
              .build();
      LOG.info(
          "search {}: {} mode, {} rounds x {} candidates, backbone {}, from the seeded initial weights",
          config.searchId(),
          config.mode(),
          config.rounds(),
          config.candidates(),
          settings.backbone());
    } else {
      LOG.info(
          "search {}: resuming after round {} of {} (best reward so far {})",
          config.searchId(),
          state.getRound(),
          config.rounds(),
          state.getBestReward());
    }
    TextFiles.write(SearchLayout.at(output).searchConfig(), configText(recorded));

    CandidateRunner.Factory runners =
        TensorFlowCandidateRunner.factory(data, output, settings, evalSets(o));
    Runners.configure(o);
    Pipeline p = Pipeline.create(o);
    p.apply("StartState", Create.of(state).withCoder(RecordCoders.of(PolicyState.class)))
        .apply(
            "Rounds",
            SearchRounds.of(config, runners, output)
                .withCompletedRounds(state.getRound())
                .withSearchStartMillis(start))
        .apply("Finalize", FinalizeSearch.of(runners, output));
    int total = (config.rounds() - state.getRound()) * config.candidates();
    if (config.halves()) {
      LOG.info(
          "search {}: successive halving, rungs end at {} of the round's {} steps with {} candidates:"
              + " {} candidate steps per round instead of {}",
          config.searchId(),
          config.rungPlan().stream().map(r -> Long.toString(r.toStep())).toList(),
          config.roundSteps(),
          config.rungPlan().stream().map(r -> Integer.toString(r.entering())).toList(),
          SuccessiveHalving.roundSteps(config.rungPlan()),
          config.candidates() * config.roundSteps());
    }
    TransformSettings.publish(p);
    PipelineResult result = p.run();
    PipelineResult.State end =
        PipelineProgress.waitLogging(
            result,
            15,
            r -> {
              long done =
                  PipelineProgress.counter(r, TrainCandidates.TRAINED)
                      + PipelineProgress.counter(r, TrainCandidates.FAILED);
              return "search: candidates trained "
                  + PipelineProgress.eta(
                      done, total, (System.currentTimeMillis() - start) * 1_000_000L);
            });
    if (end != PipelineResult.State.DONE) {
      throw new IllegalStateException("search pipeline ended " + end);
    }
    writeTimings(output, config, System.currentTimeMillis() - start);
    String report = SearchReport.write(output);
    LOG.info("search report: {}", report);
    return AvroFiles.read(SearchLayout.at(output).testMetrics(), EvalMetrics.class).get(0);
  }

  /**
   * The search's configuration with the run's own length (rounds × steps per round), over which
   * SphereFace's λ schedule and successive halving's rungs are laid.
   */
  public static SearchConfig runConfig(SearchOptions o, TrainSettings settings, String data)
      throws Exception {
    long perRound = settings.stepsPerRound(SearchData.trainSize(data, settings));
    return config(o).toBuilder()
        .trainingSteps(o.getRounds() * perRound)
        .roundSteps(perRound)
        .build();
  }

  /**
   * The configuration a run records (in every policy state and in search_config.tsv) and a resume
   * is checked against: the search, the training settings, the data folder and its preprocess
   * fingerprint, and the .bin sets that reward and test it.
   */
  static Map<String, String> recordedConfig(
      SearchConfig c, TrainSettings s, String data, EvalSets sets) throws Exception {
    Map<String, String> all = new LinkedHashMap<>(c.describe());
    all.putAll(s.describe());
    all.put("data", data);
    all.put(
        "dataFingerprint",
        SearchData.manifest(data).map(DatasetManifest::getFingerprint).orElse("none"));
    all.putAll(sets.describe());
    return all;
  }

  private static String configText(Map<String, String> recorded) {
    StringBuilder sb = new StringBuilder();
    recorded.forEach((k, v) -> sb.append(k).append('\t').append(v).append('\n'));
    return sb.toString();
  }

  /**
   * Whether {@code --output} already holds this very run, finished: the same recorded configuration
   * (but for {@link #EXECUTION_KEYS}), every round completed, and the final model's test metrics
   * and pair scores written. {@code compare} reuses such a run instead of training it again.
   */
  public static boolean finished(SearchOptions o) throws Exception {
    String data = Paths.get(o.getData()).toAbsolutePath().normalize().toString();
    String output = Paths.get(o.getOutput()).toAbsolutePath().normalize().toString();
    TrainSettings settings = TrainStageOptions.settings(o, o.getInjectFaults());
    FileSystems.setDefaultPipelineOptions(o);
    SearchConfig config = runConfig(o, settings, data);
    SearchLayout layout = SearchLayout.at(output);
    if (AvroFiles.match(layout.searchConfig()).isEmpty()
        || AvroFiles.match(layout.testMetrics()).isEmpty()
        || AvroFiles.match(layout.testPairScores()).isEmpty()) {
      return false;
    }
    if (!withoutExecutionKeys(TextFiles.read(layout.searchConfig()))
        .equals(
            withoutExecutionKeys(
                configText(recordedConfig(config, settings, data, evalSets(o)))))) {
      return false;
    }
    return SearchResume.lastCompleted(output)
        .map(st -> st.getRound() >= config.rounds())
        .orElse(false);
  }

  /**
   * Recorded keys that say how the work executed, not what it computed, and that {@code compare}
   * itself sets per run: the TensorFlow threads per candidate follow the slots it shares (see
   * CompareSlots), so a finished run is reused whatever thread count it was trained with.
   */
  static final Set<String> EXECUTION_KEYS = Set.of("threads");

  private static String withoutExecutionKeys(String configText) {
    StringBuilder sb = new StringBuilder();
    for (String line : configText.split("\n")) {
      int tab = line.indexOf('\t');
      if (tab < 0 || !EXECUTION_KEYS.contains(line.substring(0, tab))) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * Per-round wall time (first candidate start to last candidate end) and the rest of the run
   * (start-up, data loading, policy updates, final evaluation and export); the stages add up to the
   * whole run.
   */
  private static void writeTimings(String output, SearchConfig c, long totalMillis)
      throws Exception {
    SearchLayout layout = SearchLayout.at(output);
    StringBuilder sb = new StringBuilder("stage\tseconds\n");
    double rounds = 0;
    for (int round = 1; round <= c.rounds(); round++) {
      List<String> f = AvroFiles.match(layout.trainResults(round));
      if (f.isEmpty()) {
        continue;
      }
      List<TrainResult> rs = AvroFiles.read(f.get(0), TrainResult.class);
      long first = rs.stream().mapToLong(TrainResult::getStartMillis).min().orElse(0);
      long last = rs.stream().mapToLong(TrainResult::getEndMillis).max().orElse(0);
      sb.append(
          String.format(
              Locale.ROOT, "%s\t%.1f%n", SearchLayout.roundName(round), (last - first) / 1000.0));
      rounds += (last - first) / 1000.0;
    }
    sb.append(
        String.format(
            Locale.ROOT, "setup-update-final\t%.1f%n", Math.max(0, totalMillis / 1000.0 - rounds)));
    TextFiles.write(layout.timings(), sb.toString());
  }
}
