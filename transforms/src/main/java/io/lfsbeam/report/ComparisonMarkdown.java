package io.lfsbeam.report;

import io.lfsbeam.schemas.MarginRange;
import io.lfsbeam.schemas.MethodComparison;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * comparison.md from a compare's records, summaries and paired comparisons (pure): the table of
 * METHOD.md §5 with the training compute, the plots, the paired differences and the verdicts, the
 * margins the searches reached, and every run.
 */
final class ComparisonMarkdown {
  private ComparisonMarkdown() {}

  static String render(
      List<MethodComparison> records,
      List<MethodSummary> summaries,
      List<ComparisonColumn> columns,
      boolean plotted,
      boolean computePlotted,
      ComparisonTable.Paired paired) {
    StringBuilder md = new StringBuilder("# Method comparison\n\n");
    md.append(
        "Final model of each method; percentages are verification accuracy (10-fold, LFW protocol) unless the "
            + "column says otherwise. Each cell is the mean ± sample standard deviation (n − 1) over seeds; a single "
            + "seed shows its value alone, and (n=k) marks a figure only k of the seeds have. ");
    md.append(PairedMarkdown.PAIRING);
    if (paired.reference() != null) {
      md.append("Reference: ").append(ComparisonTable.displayName(paired.reference()));
      md.append(
          PairedComparisons.bestFixed(records).map(paired.reference()::equals).orElse(false)
              ? " (the fixed loss with the best mean validation accuracy)."
              : ".");
    }
    md.append("\n\n");
    List<String> header = new ArrayList<>(List.of("method", "seeds"));
    columns.forEach(c -> header.add(c.label()));
    boolean[] right = new boolean[header.size()];
    Arrays.fill(right, 1, right.length, true);
    List<List<String>> rows = new ArrayList<>();
    for (MethodSummary s : summaries) {
      List<String> row =
          new ArrayList<>(
              List.of(ComparisonTable.displayName(s.method()), Integer.toString(s.seeds().size())));
      for (ComparisonColumn c : columns) {
        MeanStd v = s.figures().get(c);
        String cell = c.format(v);
        if (v != null && v.n() < s.seeds().size()) {
          cell += " (n=" + v.n() + ")";
        }
        row.add(cell);
      }
      rows.add(row);
    }
    md.append(Markdown.table(header, rows, right)).append('\n');
    md.append(
        """
        *training compute*: Σ of every candidate's training wall time over all rounds (candidates run side by \
        side add up; a candidate stopped early counts what it trained); *steps*: optimiser steps over all \
        candidates; *images seen*: training images over all candidates (each candidate's recorded count, else \
        its steps × the batch size); *final-model epochs*: epochs behind the final model (Σ over rounds of the \
        best candidate's epochs). The final models of all methods train the same epochs; a search or a \
        population control pays about M times a fixed loss's compute for it.

        """);
    if (plotted) {
      md.append(
              Markdown.image(
                  "verification accuracy by method, mean ± std over seeds; paired differences with"
                      + " their 95 % intervals",
                  "comparison.png"))
          .append('\n');
    }
    if (computePlotted) {
      md.append(
              Markdown.image(
                  "test accuracy against training images seen, mean ± std over seeds",
                  ComputePlot.FILE))
          .append('\n');
    }
    md.append(PairedMarkdown.differences(paired.comparisons(), paired.testPairs()));
    md.append("## Runs\n\n");
    List<List<String>> runRows = new ArrayList<>();
    for (MethodComparison r : records) {
      Map<ComparisonColumn, Double> f = ComparisonTable.figures(r, columns);
      List<String> row = new ArrayList<>(List.of(r.getMethod(), Long.toString(r.getSeed())));
      for (ComparisonColumn c : columns) {
        row.add(f.containsKey(c) ? c.format(new MeanStd(f.get(c), Double.NaN, 1)) : Fmt.NA);
      }
      row.add(r.getFailedCandidates() + "/" + r.getCandidates());
      row.add("`" + r.getRunDir() + "`");
      runRows.add(row);
    }
    List<String> runHeader = new ArrayList<>(List.of("method", "seed"));
    columns.forEach(c -> runHeader.add(c.label()));
    runHeader.add("failed");
    runHeader.add("output");
    boolean[] runRight = new boolean[runHeader.size()];
    Arrays.fill(runRight, 1, runRight.length - 1, true);
    md.append(Markdown.table(runHeader, runRows, runRight)).append('\n');
    md.append("Per-run records: `comparison.avro` (MethodComparison).\n\n");
    md.append(
        PairedMarkdown.verdicts(
            paired.comparisons(), records, paired.reference(), paired.control(), reach(records)));
    return md.toString();
  }

  /**
   * Per search, the CosFace-equivalent margins its candidates trained with over all seeds, and
   * where the best fixed loss (by validation) lies against them.
   */
  static List<String> reach(List<MethodComparison> records) {
    Optional<String> best = PairedComparisons.bestFixed(records);
    Double bestMargin =
        best.flatMap(
                b ->
                    records.stream()
                        .filter(r -> r.getMethod().equals(b) && r.getLossMargin() != null)
                        .map(MethodComparison::getLossMargin)
                        .findFirst())
            .orElse(null);
    List<String> out = new ArrayList<>();
    for (String m : ComparisonTable.methodOrder(records)) {
      List<MarginRange> ranges =
          records.stream()
              .filter(r -> r.getMethod().equals(m) && r.getSampledMargins() != null)
              .map(MethodComparison::getSampledMargins)
              .toList();
      Optional<MarginRange> all = MarginReach.union(ranges);
      if (all.isEmpty()) {
        continue;
      }
      StringBuilder line =
          new StringBuilder(ComparisonTable.displayName(m))
              .append(" sampled CosFace-equivalent margins m_eq = ln(1 − a)/s of ")
              .append(MarginReach.describe(all.get()))
              .append(" over its ")
              .append(ranges.size())
              .append(ranges.size() == 1 ? " seed" : " seeds")
              .append(" (the median is the middle of the seeds' medians). ");
      if (best.isEmpty()) {
        line.append("No fixed loss ran to hold it against.");
      } else if (bestMargin == null) {
        line.append("The best fixed loss by validation, ")
            .append(ComparisonTable.displayName(best.get()))
            .append(
                ", has no constant CosFace-equivalent margin (its margin depends on the angle).");
      } else {
        line.append("The best fixed loss by validation, ")
            .append(ComparisonTable.displayName(best.get()))
            .append(String.format(Locale.ROOT, " (m = %.3f), lies ", bestMargin));
        if (MarginReach.outside(all.get(), bestMargin)) {
          line.append(bestMargin < all.get().getMin() ? "below" : "above")
              .append(
                  " that range: the search space as configured did not come near it (see the"
                      + " README on --initialMu, --sigma, --scale and --space).");
        } else {
          line.append("inside that range.");
        }
      }
      out.add(line.toString());
    }
    return out;
  }
}
