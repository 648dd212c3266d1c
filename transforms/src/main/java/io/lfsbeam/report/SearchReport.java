package io.lfsbeam.report;

import io.lfsbeam.io.TextFiles;
import io.lfsbeam.search.SearchLayout;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code <output>/report.md} and its charts in {@code <output>/plots/} from what a search
 * left in its output folder: how the policy moved, every candidate's a, margin and reward, the
 * final model's test figures (and {@code final/roc.png}) and where the time went. Works on a
 * partial output (a running or stopped search, a round whose candidates all failed, FIXED mode).
 */
public final class SearchReport {
  private static final Logger LOG = LoggerFactory.getLogger(SearchReport.class);

  /** Chart file names under {@code plots/}, in report order. */
  static final String POLICY = "policy.png";

  static final String SAMPLED_A = "sampled_a.png";
  static final String MARGINS = "margins.png";
  static final String REWARDS = "rewards.png";

  private SearchReport() {}

  /**
   * Reads the search output under {@code outputDir}, writes the charts and report.md; returns
   * report.md's URI.
   */
  public static String write(String outputDir) throws IOException {
    SearchRun run = SearchRun.load(outputDir);
    SearchSummary summary = SearchSummary.of(run);
    SearchLayout layout = SearchLayout.at(run.outputDir());
    Map<String, Optional<byte[]>> charts = new LinkedHashMap<>();
    charts.put(POLICY, SearchPlots.policy(summary));
    charts.put(SAMPLED_A, SearchPlots.sampledA(summary));
    charts.put(MARGINS, SearchPlots.margins(summary));
    charts.put(REWARDS, SearchPlots.rewards(summary));
    Map<String, Boolean> written = new LinkedHashMap<>();
    for (Map.Entry<String, Optional<byte[]>> c : charts.entrySet()) {
      if (c.getValue().isPresent()) {
        TextFiles.writeBytes(layout.plot(c.getKey()), c.getValue().get());
      }
      written.put(c.getKey(), c.getValue().isPresent());
    }
    String uri = layout.report();
    TextFiles.write(uri, ReportMarkdown.render(summary, written));
    LOG.info(
        "report written to {} ({} rounds, {} charts)",
        uri,
        summary.rounds().size(),
        written.values().stream().filter(b -> b).count());
    return uri;
  }
}
