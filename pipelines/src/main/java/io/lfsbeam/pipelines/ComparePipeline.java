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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

  public static List<MethodSummary> run(CompareOptions o) throws Exception {
    String output = Paths.get(o.getOutput()).toAbsolutePath().normalize().toString();
    List<CompareMethod> methods = methods(o);
    long baseSeed = o.getSeed();
    Map<String, List<String>> runs = new LinkedHashMap<>();
    int total = methods.size() * o.getSeeds();
    int done = 0;
    int reused = 0;
    long start = System.nanoTime();
    for (CompareMethod listed : methods) {
      CompareMethod method = listed.unresolved() ? bestFixedPopulation(runs) : listed;
      if (runs.containsKey(method.name())) {
        LOG.info("compare: {} is already in the comparison", method.name());
        done += o.getSeeds();
        continue;
      }
      for (int i = 1; i <= o.getSeeds(); i++) {
        long seed = baseSeed + i - 1;
        String dir = output + "/" + folder(method) + "/seed-" + seed;
        // runs are sequential, so one options object is re-pointed per run (Beam options have no
        // copy); every method gets the same seeds, hence the same initial weights and data order
        SearchOptions s = o.as(SearchOptions.class);
        s.setOutput(dir);
        s.setSeed(seed);
        s.setSearchId(folder(method) + "-seed-" + seed);
        s.setMode(method.mode());
        if (method.loss() != null) {
          s.setLoss(method.loss());
        }
        if (SearchPipeline.finished(s)) {
          LOG.info("compare: {} seed {} finished earlier in {}: reused", method.name(), seed, dir);
          reused++;
        } else {
          LOG.info("compare: {} seed {} ({}/{})", method.name(), seed, done + 1, total);
          SearchPipeline.run(s);
        }
        runs.computeIfAbsent(method.name(), k -> new ArrayList<>()).add(dir);
        done++;
        double elapsed = (System.nanoTime() - start) / 1e9;
        int trained = Math.max(1, done - reused);
        LOG.info(
            String.format(
                Locale.ROOT,
                "compare: %d/%d runs done, %.0f s elapsed, ETA %.0f s",
                done,
                total,
                elapsed,
                elapsed / trained * (total - done)));
      }
    }
    o.setOutput(output);
    o.setSeed(baseSeed);
    return ComparisonTable.write(runs, output, FixedLoss.canonicalName(o.getReference()));
  }

  /** A method's folder under the output: {@code population-cosface} for population:cosface. */
  static String folder(CompareMethod m) {
    return m.name().replace(':', '-');
  }

  /** {@code population:best} once the fixed losses have run: the best of them by validation. */
  private static CompareMethod bestFixedPopulation(Map<String, List<String>> runs)
      throws Exception {
    List<MethodComparison> fixed = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : runs.entrySet()) {
      for (String dir : e.getValue()) {
        fixed.add(MethodComparisons.fromRunDir(e.getKey(), dir));
      }
    }
    String best =
        PairedComparisons.bestFixed(fixed)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no fixed loss has a validation accuracy to pick population:best by"));
    LOG.info("compare: population:best is population:{} (best fixed loss by validation)", best);
    return CompareMethod.population(best);
  }
}
