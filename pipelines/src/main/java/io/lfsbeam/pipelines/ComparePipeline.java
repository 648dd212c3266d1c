package io.lfsbeam.pipelines;

import io.lfsbeam.report.ComparisonTable;
import io.lfsbeam.report.MethodSummary;
import io.lfsbeam.search.FixedLoss;
import java.nio.file.Paths;
import java.util.ArrayList;
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
 * it.
 */
public final class ComparePipeline {
  private static final Logger LOG = LoggerFactory.getLogger(ComparePipeline.class);
  static final Set<String> SEARCHES = Set.of("amlfs", "random", "search");
  static final Set<String> FIXED = Set.copyOf(FixedLoss.NAMES);

  private ComparePipeline() {}

  public static List<String> methods(CompareOptions o) {
    List<String> out = new ArrayList<>();
    for (String m : o.getMethods().split(",")) {
      String t = m.strip().toLowerCase(Locale.ROOT);
      if (!SEARCHES.contains(t) && !FIXED.contains(t)) {
        throw new IllegalArgumentException(
            "unknown method '"
                + t
                + "' (softmax, normface, sphereface, cosface, arcface,"
                + " combined, modulated, amlfs, random, search)");
      }
      if (!t.isEmpty() && !out.contains(t)) {
        out.add(t);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--methods names no method");
    }
    return out;
  }

  public static List<MethodSummary> run(CompareOptions o) throws Exception {
    String output = Paths.get(o.getOutput()).toAbsolutePath().normalize().toString();
    List<String> methods = methods(o);
    long baseSeed = o.getSeed();
    Map<String, List<String>> runs = new LinkedHashMap<>();
    int total = methods.size() * o.getSeeds();
    int done = 0;
    long start = System.nanoTime();
    for (String method : methods) {
      for (int i = 1; i <= o.getSeeds(); i++) {
        long seed = baseSeed + i - 1;
        String dir = output + "/" + method + "/seed-" + seed;
        // runs are sequential, so one options object is re-pointed per run (Beam options have no
        // copy)
        SearchOptions s = o.as(SearchOptions.class);
        s.setOutput(dir);
        s.setSeed(seed);
        s.setSearchId(method + "-seed-" + seed);
        if (SEARCHES.contains(method)) {
          s.setMode(SearchOptions.Mode.parse(method));
        } else {
          s.setMode(SearchOptions.Mode.FIXED);
          s.setLoss(method);
        }
        LOG.info("compare: {} seed {} ({}/{})", method, seed, done + 1, total);
        SearchPipeline.run(s);
        runs.computeIfAbsent(method, k -> new ArrayList<>()).add(dir);
        done++;
        double elapsed = (System.nanoTime() - start) / 1e9;
        LOG.info(
            String.format(
                Locale.ROOT,
                "compare: %d/%d runs done, %.0f s elapsed, ETA %.0f s",
                done,
                total,
                elapsed,
                elapsed / done * (total - done)));
      }
    }
    o.setOutput(output);
    o.setSeed(baseSeed);
    return ComparisonTable.write(runs, output);
  }
}
