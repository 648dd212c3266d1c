package io.lfsbeam.report;

import io.lfsbeam.options.Choice;
import io.lfsbeam.schemas.ConfigChange;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.MarginRange;
import io.lfsbeam.search.SearchLayout;
import io.lfsbeam.search.policy.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders report.md from a {@link SearchSummary}; pure, so tests can check it without files. */
final class ReportMarkdown {
  /** Failures listed one by one up to this many; beyond it the list would drown the report. */
  static final int MAX_FAILURES_LISTED = 20;

  private ReportMarkdown() {}

  /**
   * @param charts chart file name → whether it was written
   */
  static String render(SearchSummary s, Map<String, Boolean> charts) {
    SearchRun run = s.run();
    StringBuilder md = new StringBuilder();
    md.append("# Loss function search report\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Search `%s`, mode **%s**: %d round%s found%s, %d candidates trained, %d failed%s. Output: `%s`.%n%n",
            run.config("searchId", "?"),
            run.config("mode", "unknown"),
            s.rounds().size(),
            s.rounds().size() == 1 ? "" : "s",
            run.config().containsKey("rounds")
                ? " of " + run.config("rounds", "") + " configured"
                : "",
            s.candidates(),
            s.failedCandidates(),
            s.divergedCandidates() == 0
                ? ""
                : " (" + s.divergedCandidates() + " diverged: NaN loss or NaN embeddings)",
            run.outputDir()));

    configuration(md, run);
    finalModel(md, s);
    policy(md, s, charts);
    rewards(md, s, charts);
    rounds(md, s);
    training(md, s);
    HalvingMarkdown.render(md, s);
    time(md, s);
    return md.toString();
  }

  private static void configuration(StringBuilder md, SearchRun run) {
    md.append("## Configuration\n\n");
    if (run.config().isEmpty()) {
      md.append("_No " + SearchLayout.SEARCH_CONFIG + "._\n\n");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    run.config().forEach((k, v) -> rows.add(List.of(k, v)));
    md.append(Markdown.table(List.of("setting", "value"), rows)).append('\n');
    List<ConfigChange> changes = configChanges(run);
    if (!changes.isEmpty()) {
      md.append("Changed on resume (`--allowConfigChange`):\n\n");
      List<List<String>> changed = new ArrayList<>();
      changes.forEach(
          c ->
              changed.add(
                  List.of(
                      Integer.toString(c.getRound()),
                      c.getKey(),
                      String.valueOf(c.getBefore()),
                      String.valueOf(c.getAfter()))));
      md.append(Markdown.table(List.of("from round", "setting", "before", "after"), changed))
          .append('\n');
    }
  }

  /** The configuration changes recorded in the newest policy state. */
  private static List<ConfigChange> configChanges(SearchRun run) {
    List<ConfigChange> latest = List.of();
    int round = -1;
    for (RoundRecords r : run.rounds()) {
      if (r.policyState() != null && r.round() > round) {
        round = r.round();
        latest = r.policyState().getConfigChanges();
      }
    }
    return latest;
  }

  private static void finalModel(StringBuilder md, SearchSummary s) {
    md.append("## Final model\n\n");
    Double val = s.valAccuracy();
    md.append("Validation accuracy (the last round's best reward): ")
        .append(val == null ? "none (no round has a reward)" : Fmt.pct(val) + " %")
        .append(".");
    String rewardSet = s.run().config("rewardSet", null);
    if (rewardSet != null) {
      md.append(" Reward set: `").append(rewardSet).append("`.");
    }
    md.append("\n\n");
    List<EvalMetrics> sets = s.run().testMetrics();
    if (sets.isEmpty()) {
      md.append(
          "_No " + SearchLayout.FINAL_TEST_METRICS + ": the final evaluation has not run._\n\n");
    } else {
      md.append("The final model on every test set, one row per set:\n\n");
      md.append(BenchmarkTable.markdown(sets)).append('\n');
    }
    if (s.run().hasRoc()) {
      md.append(Markdown.image("ROC curve of the final model", SearchLayout.FINAL_ROC_PNG))
          .append('\n');
    } else {
      md.append("_No " + SearchLayout.FINAL_ROC_PNG + "._\n\n");
    }
  }

  private static void policy(StringBuilder md, SearchSummary s, Map<String, Boolean> charts) {
    md.append("## Policy\n\n");
    if (!s.hasAnyMu() && !s.hasAnyA()) {
      md.append("_No policy to show: mode ")
          .append(s.run().config("mode", "unknown"))
          .append(" samples no modulating factor and has no policy mean μ._\n\n");
      return;
    }
    md.append(
        "a ≤ 0 is the modulating factor of the searched loss (a = 0 is softmax); m_eq = ln(1 − a)/s is the "
            + "CosFace margin with the same effect, comparable with the hand-tuned 0.35.\n\n");
    reach(md, s);
    chart(md, charts, SearchReport.POLICY, "policy mean per round");
    chart(md, charts, SearchReport.SAMPLED_A, "sampled a per candidate");
    chart(md, charts, SearchReport.MARGINS, "CosFace-equivalent margin per candidate");
  }

  /**
   * The margins the candidates actually trained with, and what the space needs to come near
   * softmax: a = −|x|·e^{s/k} has m_eq ≤ m only for |x| ≤ (e^{s·m} − 1)/e^{s/k}.
   */
  static void reach(StringBuilder md, SearchSummary s) {
    Optional<MarginRange> r = s.sampledMargins();
    if (r.isEmpty()) {
      return;
    }
    double scale = s.run().scale();
    md.append("Search space reach: the candidates trained with CosFace-equivalent margins ")
        .append(MarginReach.describe(r.get()))
        .append(" (softmax is m = 0, CosFace's default 0.35).");
    SearchSpace space = space(s.run());
    if (space != null) {
      double needed = StrictMath.expm1(scale * NEAR_SOFTMAX) / space.amplitude(scale);
      md.append(
          String.format(
              Locale.ROOT,
              " In the %s space at s = %s a loss near softmax (m_eq ≤ %.2f) needs |x| ≤ %.2g, where"
                  + " x ~ N(μ, σ²) is the policy's draw; --initialMu, --sigma, --scale and --space"
                  + " move the range (README, \"The search space's reach\").",
              Choice.spelling(space),
              Fmt.fixed(scale, 0),
              NEAR_SOFTMAX,
              needed));
    }
    md.append("\n\n");
  }

  /** The margin below which a loss counts as near softmax in the reach sentence. */
  static final double NEAR_SOFTMAX = 0.05;

  private static SearchSpace space(SearchRun run) {
    try {
      return SearchSpace.parse(run.config("space", "global"));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void rewards(StringBuilder md, SearchSummary s, Map<String, Boolean> charts) {
    md.append("## Rewards\n\n");
    if (!chart(md, charts, SearchReport.REWARDS, "reward per candidate and best per round")) {
      md.append("_No candidates recorded._\n\n");
    }
  }

  private static void rounds(StringBuilder md, SearchSummary s) {
    md.append("## Rounds\n\n");
    if (s.rounds().isEmpty()) {
      md.append("_No round-NNNN folders._\n\n");
      return;
    }
    double scale = s.run().scale();
    List<List<String>> rows = new ArrayList<>();
    for (RoundSummary r : s.rounds()) {
      CandidatePoint b = r.best();
      rows.add(
          List.of(
              Integer.toString(r.round()),
              Integer.toString(r.okCount()),
              Integer.toString(r.failedCount()),
              b == null ? Fmt.NA : Fmt.pct(b.reward()),
              b == null ? "none, all failed" : "#" + b.index(),
              b == null ? Fmt.NA : LossLabels.describe(b.candidate(), scale),
              mu(r.mu()),
              Fmt.fixed(r.marginOfMeanA(scale), 3)));
    }
    md.append(
            Markdown.table(
                List.of(
                    "round",
                    "ok",
                    "failed",
                    "best reward (%)",
                    "best",
                    "best loss",
                    "μ after",
                    "m_eq of mean a"),
                rows,
                true,
                true,
                true,
                true,
                false,
                false,
                true,
                true))
        .append('\n');
    List<String> failures = new ArrayList<>();
    for (RoundSummary r : s.rounds()) {
      for (CandidatePoint p : r.candidates()) {
        if (p.failed()) {
          failures.add(
              String.format(
                  Locale.ROOT,
                  "- round %d #%d, %s: %s",
                  r.round(),
                  p.index(),
                  LossLabels.describe(p.candidate(), scale),
                  p.failure()));
        }
      }
    }
    if (!failures.isEmpty()) {
      md.append("Failed candidates (no reward; the policy update ignores them):\n\n");
      failures.stream().limit(MAX_FAILURES_LISTED).forEach(f -> md.append(f).append('\n'));
      if (failures.size() > MAX_FAILURES_LISTED) {
        md.append("- … and ").append(failures.size() - MAX_FAILURES_LISTED).append(" more\n");
      }
      md.append('\n');
    }
  }

  /**
   * The steps behind the final model, and where a run recorded them ({@link NormsAndState}) the
   * embedding norms and the loss's running state per round, with what they mean for AdaFace's and
   * MagFace's official defaults.
   */
  private static void training(StringBuilder md, SearchSummary s) {
    md.append("## Steps, embedding norms and loss state\n\n");
    List<NormsAndState.Row> rows = NormsAndState.rows(s.rounds());
    long steps = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).stepsSoFar();
    md.append(
        String.format(
            Locale.ROOT,
            "The final model has trained **%,d optimiser steps** (each round's best candidate, summed"
                + " over the rounds).",
            steps));
    if (rows.stream().anyMatch(r -> !r.state().isEmpty())) {
      md.append(
          String.format(
              Locale.ROOT,
              " A running statistic that moves by α = 0.01 per step (CurricularFace's t, AdaFace's"
                  + " μ and σ at their defaults) covers 1 − 0.99^steps of the way to its target:"
                  + " %.0f %% here.",
              100 * (1 - Math.pow(0.99, steps))));
    }
    md.append("\n\n");
    if (!NormsAndState.any(rows)) {
      md.append("_No embedding norms recorded (runs before they were recorded)._\n\n");
      return;
    }
    List<List<String>> table = new ArrayList<>();
    for (NormsAndState.Row r : rows) {
      StringBuilder state = new StringBuilder();
      r.state()
          .forEach(
              (k, v) ->
                  state
                      .append(state.length() == 0 ? "" : ", ")
                      .append(k)
                      .append(" = ")
                      .append(NormsAndState.num(v)));
      table.add(
          List.of(
              Integer.toString(r.round()),
              r.steps() == null ? Fmt.NA : Long.toString(r.steps()),
              Long.toString(r.stepsSoFar()),
              Fmt.fixed(r.min(), 2),
              Fmt.fixed(r.median(), 2),
              Fmt.fixed(r.max(), 2),
              state.length() == 0 ? Fmt.NA : state.toString()));
    }
    md.append(
            Markdown.table(
                List.of(
                    "round",
                    "steps (best)",
                    "steps so far",
                    "norm min",
                    "norm median",
                    "norm max",
                    "loss state of the best"),
                table,
                true,
                true,
                true,
                true,
                true,
                true,
                false))
        .append('\n');
    md.append(
        "Norms: ‖x‖ of the embedding before L2 normalisation, over the last training images of"
            + " each candidate (up to 4,096, on the training path: batch statistics); min and max"
            + " over the round's candidates, the median of their medians.\n\n");
    for (String statement : NormsAndState.statements(s.rounds())) {
      md.append(statement).append("\n\n");
    }
  }

  private static void time(StringBuilder md, SearchSummary s) {
    md.append("## Time\n\n");
    Map<String, Double> timings = s.run().timings();
    if (timings.isEmpty()) {
      md.append("_No " + SearchLayout.TIMINGS + "._\n\n");
    } else {
      double total = s.wallSeconds();
      List<List<String>> rows = new ArrayList<>();
      timings.forEach(
          (stage, sec) ->
              rows.add(
                  List.of(
                      stage,
                      Fmt.seconds(sec),
                      total > 0 ? Fmt.fixed(100 * sec / total, 1) : Fmt.NA)));
      rows.add(List.of("**total**", Fmt.seconds(total), total > 0 ? "100.0" : Fmt.NA));
      md.append(Markdown.table(List.of("stage", "seconds", "share (%)"), rows, false, true, true))
          .append('\n');
    }
    if (!s.rounds().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      for (RoundSummary r : s.rounds()) {
        RoundTiming t = r.timing();
        rows.add(
            List.of(
                Integer.toString(r.round()),
                Fmt.seconds(t.roundWallSeconds())
                    + (t.roundWallSeconds() != null && !t.wallFromTimings() ? "*" : ""),
                Fmt.seconds(t.trainingSeconds()),
                Fmt.seconds(t.slowestSeconds()),
                Fmt.seconds(t.busySeconds()),
                Fmt.seconds(t.nonTrainingSeconds()),
                Fmt.fixed(t.parallelism(), 2),
                Fmt.fixed(meanThroughput(r), 0)));
      }
      md.append(
              Markdown.table(
                  List.of(
                      "round",
                      "round wall (s)",
                      "training compute (s)",
                      "slowest candidate (s)",
                      "training busy (s)",
                      "non-training (s)",
                      "parallelism",
                      "images/s per candidate"),
                  rows,
                  true,
                  true,
                  true,
                  true,
                  true,
                  true,
                  true,
                  true))
          .append('\n');
      if (s.rounds().stream()
          .anyMatch(r -> r.timing().roundWallSeconds() != null && !r.timing().wallFromTimings())) {
        md.append(
            "\\* no round entry in "
                + SearchLayout.TIMINGS
                + ": span from the first candidate start to the last candidate end.\n\n");
      }
    }
    md.append(
        String.format(
            Locale.ROOT,
            "Total training compute: **%s s** over %d candidates, %,d optimiser steps%s. The final model has trained "
                + "%s epochs (each round starts from the previous round's best).%n%n",
            Fmt.seconds(s.trainingSeconds()),
            s.candidates(),
            s.trainingSteps(),
            s.trainingImages() == null
                ? ""
                : String.format(Locale.ROOT, ", %,d images seen", s.trainingImages()),
            Fmt.fixed(s.finalModelEpochs(), 2)));
    md.append(
        """
        Definitions:
        - *training compute*: Σ of the candidates' training wall times (failed candidates count: the compute was spent).
        - *training busy*: length of the union of the candidates' [start, end] intervals, the time at least one candidate trained.
        - *non-training* = round wall − training busy: time with no candidate training (sampling, starting workers, \
        loading data, evaluating candidates, the policy update, I/O). Unlike round wall − slowest or − Σ candidates, \
        it does not depend on how many candidates ran side by side.
        - *parallelism* = training compute / training busy: candidates training at once, on average.

        """);
  }

  private static Double meanThroughput(RoundSummary r) {
    return r.candidates().stream()
        .filter(p -> !p.failed() && p.result() != null)
        .mapToDouble(p -> p.result().getImagesPerSecond())
        .average()
        .stream()
        .boxed()
        .findFirst()
        .orElse(null);
  }

  private static boolean chart(
      StringBuilder md, Map<String, Boolean> charts, String file, String alt) {
    if (Boolean.TRUE.equals(charts.get(file))) {
      md.append(Markdown.image(alt, SearchLayout.PLOTS + "/" + file)).append('\n');
      return true;
    }
    return false;
  }

  /** μ for a table cell: one value, or the first three of many. */
  static String mu(List<Double> mu) {
    if (mu.isEmpty()) {
      return Fmt.NA;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(3, mu.size()); i++) {
      sb.append(i == 0 ? "" : ", ").append(Fmt.fixed(mu.get(i), 4));
    }
    return mu.size() <= 3
        ? sb.toString()
        : sb.append(", … (").append(mu.size()).append(")").toString();
  }
}
