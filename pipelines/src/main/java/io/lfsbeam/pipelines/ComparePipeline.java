package io.lfsbeam.pipelines;

import io.lfsbeam.report.ComparisonTable;
import io.lfsbeam.report.MethodComparisons;
import io.lfsbeam.report.MethodSummary;
import io.lfsbeam.report.PairedComparisons;
import io.lfsbeam.schemas.MethodComparison;
import io.lfsbeam.search.FixedLoss;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.util.construction.PipelineOptionsTranslation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lfs compare}: every method on the same data, the same rounds and epochs per round (so the
 * final model of every method has trained the same epochs), over several seeds; then the table of
 * METHOD.md §5 with mean ± std and the training compute each method spent.
 *
 * <p>Fixed losses train one model per round; the searches train M candidates per round and keep the
 * best, so they spend about M times the compute for the same final-model budget — the table reports
 * it. The population control ({@code population:<loss>}, by default {@code population:best}, the
 * best fixed loss by validation) spends the searches' compute on best-of-M selection alone, so
 * "search − population control" is what searching the loss adds. The table pairs every method with
 * a reference ({@code --reference}) and every search with the control, seed by seed.
 *
 * <p>The runs go side by side within the runner's slots ({@link CompareSlots}: cores in this JVM, a
 * Flink cluster's slots), a fixed loss taking one slot and a search M ({@link CompareScheduler});
 * each run has its own options ({@link CompareRun}) and writes only its folder, so the outputs are
 * those of running them one after another ({@code --concurrentRuns=1}).
 */
public final class ComparePipeline {
  private static final Logger LOG = LoggerFactory.getLogger(ComparePipeline.class);

  private ComparePipeline() {}

  /**
   * The methods in the order they run: every fixed loss first (so {@code population:best} can be
   * resolved from their validation accuracy before it runs), then the others as given.
   *
   * @throws IllegalArgumentException for an unknown method, an empty list, or {@code
   *     population:best} without a fixed loss to pick from
   */
  static List<CompareMethod> methods(CompareOptions o) {
    List<CompareMethod> fixed = new ArrayList<>();
    List<CompareMethod> rest = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String token : o.getMethods().split(",")) {
      if (token.isBlank()) {
        continue;
      }
      CompareMethod m = CompareMethod.parse(token);
      if (seen.add(m.name())) {
        (m.kind() == CompareMethod.Kind.FIXED ? fixed : rest).add(m);
      }
    }
    if (fixed.isEmpty() && rest.isEmpty()) {
      throw new IllegalArgumentException("--methods names no method");
    }
    if (o.getConcurrentRuns() < 0) {
      throw new IllegalArgumentException(
          "--concurrentRuns=" + o.getConcurrentRuns() + " must be 0 (as the slots allow) or more");
    }
    if (fixed.isEmpty() && rest.stream().anyMatch(CompareMethod::unresolved)) {
      throw new IllegalArgumentException(
          "population:best is the control of the best fixed loss: --methods names no fixed loss");
    }
    for (CompareMethod m : fixed) {
      checkLoss(o, m.loss());
    }
    for (CompareMethod m : rest) {
      if (m.kind() == CompareMethod.Kind.POPULATION && !m.unresolved()) {
        checkLoss(o, m.loss());
      }
    }
    String reference = FixedLoss.canonicalName(o.getReference());
    if (!reference.equals(CompareMethod.BEST) && !seen.contains(reference)) {
      throw new IllegalArgumentException("--reference=" + reference + " is not one of --methods");
    }
    if (reference.equals(CompareMethod.BEST) && fixed.isEmpty()) {
      throw new IllegalArgumentException(
          "--reference=best is the best fixed loss: --methods names no fixed loss");
    }
    List<CompareMethod> out = new ArrayList<>(fixed);
    out.addAll(rest);
    return out;
  }

  /**
   * Checks that a fixed loss accepts the loss options given (e.g. {@code --margin} is not a modern
   * margin's), before any run starts rather than when its turn comes.
   */
  private static void checkLoss(CompareOptions o, String loss) {
    FixedLoss.parse(
        loss,
        o.getMargin(),
        o.getCombinedMargins(),
        o.getModulation(),
        o.getScale(),
        ModernLossOptions.modernLosses(o));
  }

  /**
   * Checks {@code --methods} and {@code --reference} without running anything.
   *
   * @throws IllegalArgumentException with the one-line reason
   */
  public static void validate(CompareOptions o) {
    methods(o);
  }

  /**
   * Runs every (method, seed) not finished in an earlier compare, side by side within the runner's
   * slots ({@link CompareSlots}, {@link CompareScheduler}; {@code --concurrentRuns=1} runs them one
   * after another), then writes the table.
   */
  public static List<MethodSummary> run(CompareOptions o) throws Exception {
    String output = Paths.get(o.getOutput()).toAbsolutePath().normalize().toString();
    List<CompareMethod> methods = methods(o);
    CompareSlots budget = CompareSlots.of(o, o.getThreads());
    int maxRuns = o.getConcurrentRuns() > 0 ? o.getConcurrentRuns() : budget.slots();
    String template = PipelineOptionsTranslation.toJson(o);
    Set<String> listed = new HashSet<>();
    methods.forEach(m -> listed.add(m.name()));
    List<CompareRun> plan = new ArrayList<>();
    List<Integer> fixedRuns = new ArrayList<>();
    for (CompareMethod m : methods) {
      for (int i = 1; i <= o.getSeeds(); i++) {
        CompareRun run =
            new CompareRun(
                m,
                o.getSeed() + i - 1,
                m.unresolved() ? Set.copyOf(fixedRuns) : Set.of(),
                m.kind() == CompareMethod.Kind.FIXED
                    ? 1
                    : Math.min(budget.slots(), o.getCandidates()),
                (long) o.getRounds()
                    * (m.kind() == CompareMethod.Kind.FIXED ? 1 : o.getCandidates()),
                template,
                output,
                budget.threadsPerCandidate(),
                plan,
                listed);
        if (m.kind() == CompareMethod.Kind.FIXED) {
          fixedRuns.add(plan.size());
        }
        plan.add(run);
      }
    }
    LOG.info(
        "compare: {} runs ({} method{} × {} seed{}) on {}; up to {} at once; TensorFlow threads per"
            + " candidate: {}",
        plan.size(),
        methods.size(),
        methods.size() == 1 ? "" : "s",
        o.getSeeds(),
        o.getSeeds() == 1 ? "" : "s",
        budget.where(),
        maxRuns,
        budget.threadsPerCandidate() == 0 ? "TensorFlow's default" : budget.threadsPerCandidate());
    new CompareScheduler(budget.slots(), maxRuns).runAll(plan);
    // the table's runs in plan order, whatever order they finished in
    Map<String, List<String>> runs = new LinkedHashMap<>();
    for (CompareRun r : plan) {
      if (r.dir() != null) {
        runs.computeIfAbsent(r.method().name(), k -> new ArrayList<>()).add(r.dir());
      }
    }
    return ComparisonTable.write(runs, output, FixedLoss.canonicalName(o.getReference()));
  }

  /** A method's folder under the output: {@code population-cosface} for population:cosface. */
  static String folder(CompareMethod m) {
    return m.name().replace(':', '-');
  }

  /**
   * {@code population:best} once the fixed losses have run: the best of them by validation.
   *
   * @param fixed the fixed runs' method and folder
   */
  static CompareMethod bestFixedPopulation(List<CompareRun> fixed) throws Exception {
    List<MethodComparison> records = new ArrayList<>();
    for (CompareRun r : fixed) {
      records.add(MethodComparisons.fromRunDir(r.method().name(), r.dir()));
    }
    String best =
        PairedComparisons.bestFixed(records)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no fixed loss has a validation accuracy to pick population:best by"));
    return CompareMethod.population(best);
  }
}
