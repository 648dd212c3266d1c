package io.lfsbeam.report;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.search.policy.GaussianPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * Everything a search wrote under its output folder, read back for reporting: the configuration,
 * every round's records, the final test metrics and the stage timings. Only the folder itself is
 * required; every file in it is optional, so a report can be made of a search that is still
 * running, was stopped, or lost a round.
 */
public record SearchRun(
    String outputDir,
    Map<String, String> config,
    List<RoundRecords> rounds,
    List<EvalMetrics> testMetrics,
    Map<String, Double> timings,
    boolean hasRoc) {

  private static final Pattern ROUND_DIR = Pattern.compile(".*/round-(\\d+)/[^/]+$");

  public SearchRun {
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    rounds = List.copyOf(rounds);
    testMetrics = List.copyOf(testMetrics);
    timings = Collections.unmodifiableMap(new LinkedHashMap<>(timings));
  }

  /** Reads {@code outputDir} (any Beam filesystem); rounds come back in round order. */
  public static SearchRun load(String outputDir) throws IOException {
    String dir =
        outputDir.endsWith("/") ? outputDir.substring(0, outputDir.length() - 1) : outputDir;
    TreeSet<Integer> roundNumbers = new TreeSet<>();
    for (String f : AvroFiles.match(dir + "/round-*/*.avro")) {
      Matcher m = ROUND_DIR.matcher(f.replace('\\', '/'));
      if (m.matches()) {
        roundNumbers.add(Integer.parseInt(m.group(1)));
      }
    }
    List<RoundRecords> rounds = new ArrayList<>();
    for (int r : roundNumbers) {
      String rd = String.format(Locale.ROOT, "%s/round-%04d", dir, r);
      List<PolicyState> state = readIfPresent(rd + "/policy_state.avro", PolicyState.class);
      rounds.add(
          new RoundRecords(
              r,
              readIfPresent(rd + "/candidates.avro", LossCandidate.class),
              readIfPresent(rd + "/train_results.avro", TrainResult.class),
              readIfPresent(rd + "/eval_metrics.avro", EvalMetrics.class),
              state.isEmpty() ? null : state.get(0)));
    }
    return new SearchRun(
        dir,
        readTsv(dir + "/search_config.tsv"),
        rounds,
        readIfPresent(dir + "/final/test_metrics.avro", EvalMetrics.class),
        parseTimings(readTsv(dir + "/timings.tsv")),
        exists(dir + "/final/roc.png"));
  }

  /** A configuration value, or {@code fallback} when search_config.tsv lacks it. */
  public String config(String key, String fallback) {
    return config.getOrDefault(key, fallback);
  }

  /** The loss scale s from the configuration (METHOD.md's default s when absent). */
  public double scale() {
    try {
      String s = config.get("scale");
      return s == null ? GaussianPolicy.DEFAULT_SCALE : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return GaussianPolicy.DEFAULT_SCALE;
    }
  }

  static boolean exists(String uri) throws IOException {
    return !AvroFiles.match(uri).isEmpty();
  }

  private static <T extends SpecificRecord> List<T> readIfPresent(String uri, Class<T> type)
      throws IOException {
    return exists(uri) ? AvroFiles.read(uri, type) : List.of();
  }

  /**
   * {@code key<TAB>value} lines (empty when the file is absent); blank lines and {@code #} comments
   * skipped, later keys win.
   */
  static Map<String, String> readTsv(String uri) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (!exists(uri)) {
      return out;
    }
    for (String line : TextFiles.read(uri).split("\r?\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      if (tab < 0) {
        continue;
      }
      out.put(line.substring(0, tab).trim(), line.substring(tab + 1).trim());
    }
    return out;
  }

  /** Stage seconds in file order; a header line or a non-numeric value is skipped, not fatal. */
  static Map<String, Double> parseTimings(Map<String, String> raw) {
    Map<String, Double> out = new LinkedHashMap<>();
    raw.forEach(
        (k, v) -> {
          try {
            out.put(k, Double.parseDouble(v));
          } catch (NumberFormatException e) {
            // e.g. a "stage<TAB>seconds" header
          }
        });
    return out;
  }
}
