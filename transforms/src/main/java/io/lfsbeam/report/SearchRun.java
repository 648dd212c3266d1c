package io.lfsbeam.report;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.search.SearchLayout;
import io.lfsbeam.search.policy.GaussianPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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

  public SearchRun {
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    rounds = List.copyOf(rounds);
    testMetrics = List.copyOf(testMetrics);
    timings = Collections.unmodifiableMap(new LinkedHashMap<>(timings));
  }

  /** Reads {@code outputDir} (any Beam filesystem); rounds come back in round order. */
  public static SearchRun load(String outputDir) throws IOException {
    SearchLayout layout = SearchLayout.at(outputDir);
    TreeSet<Integer> roundNumbers = new TreeSet<>();
    for (String f : AvroFiles.match(layout.allRoundRecords())) {
      SearchLayout.roundOf(f).ifPresent(roundNumbers::add);
    }
    List<RoundRecords> rounds = new ArrayList<>();
    for (int r : roundNumbers) {
      List<PolicyState> state = readIfPresent(layout.policyState(r), PolicyState.class);
      rounds.add(
          new RoundRecords(
              r,
              readIfPresent(layout.candidates(r), LossCandidate.class),
              readIfPresent(layout.trainResults(r), TrainResult.class),
              readIfPresent(layout.evalMetrics(r), EvalMetrics.class),
              state.isEmpty() ? null : state.get(0)));
    }
    return new SearchRun(
        layout.root(),
        readTsv(layout.searchConfig()),
        rounds,
        readIfPresent(layout.testMetrics(), EvalMetrics.class),
        parseTimings(readTsv(layout.timings())),
        exists(layout.rocPng()));
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
