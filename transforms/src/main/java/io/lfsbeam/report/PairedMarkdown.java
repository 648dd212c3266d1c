package io.lfsbeam.report;

import io.lfsbeam.schemas.MethodComparison;
import io.lfsbeam.stats.Interval;
import io.lfsbeam.stats.PairBootstrap;
import io.lfsbeam.stats.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The paired-statistics parts of comparison.md: the differences table and the verdicts. */
final class PairedMarkdown {
  /** Marks an interval that excludes 0. */
  static final String RESOLVED = "†";

  private PairedMarkdown() {}

  /** What the table's caption says about pairing (true by construction, see CandidateSeeds). */
  static final String PAIRING =
      "Runs are paired by seed: seed i of every method starts from the same initial weights (drawn"
          + " from the seed alone), and candidate k of round r trains on the same data order, flips"
          + " and dropout (seeded by seed, r and k) in every method; a fixed loss trains candidate 0"
          + " of each round. ";

  static String differences(List<PairedComparison> comparisons, int testPairs) {
    if (comparisons.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("## Paired differences in test accuracy\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Δ = method − the other, in percentage points, averaged over the seeds both ran. *t*: 95 %%"
                + " Student t interval over seeds (t_{0.975, n−1} · s_d / √n); *bootstrap*: 95 %% percentile"
                + " interval over the %d test pairs (%d resamples of the pairs, fixed seed, the final"
                + " models and their fold thresholds held fixed), i.e. the test-set part of the noise."
                + " %s: the interval excludes 0. *reference*: the method every other is compared"
                + " with; *control*: the population control (the same compute spent on best-of-M"
                + " selection with the loss fixed), so a search's Δ against it is what searching the"
                + " loss adds.%n%n",
            testPairs,
            PairBootstrap.DEFAULT_REPLICATES,
            RESOLVED));
    List<String> header =
        List.of("method", "against", "seeds", "Δ test (pp)", "t interval", "bootstrap interval");
    List<List<String>> rows = new ArrayList<>();
    for (PairedComparison c : comparisons) {
      rows.add(
          List.of(
              ComparisonTable.displayName(c.method()),
              c.role() == PairedComparison.Role.REFERENCE
                  ? "reference: " + ComparisonTable.displayName(c.against())
                  : "control: " + controlName(c.against()),
              Integer.toString(c.seeds().n()),
              signed(c.seeds().estimate()),
              interval(c.seeds()),
              interval(c.pairs())));
    }
    boolean[] right = {false, false, true, true, true, true};
    md.append(Markdown.table(header, rows, right)).append('\n');
    return md.toString();
  }

  /**
   * One sentence per search method: better / not distinguishable / worse than the reference and
   * than its population control, at this budget.
   */
  static String verdicts(
      List<PairedComparison> comparisons,
      List<MethodComparison> records,
      String reference,
      String control) {
    List<String> searches =
        ComparisonTable.methodOrder(records).stream()
            .filter(m -> records.stream().anyMatch(r -> r.getMethod().equals(m) && isSearch(r)))
            .toList();
    if (searches.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("## Verdict at this budget\n\n");
    for (String s : searches) {
      md.append(ComparisonTable.displayName(s)).append(" is ");
      md.append(
          clause(
              find(comparisons, s, PairedComparison.Role.REFERENCE),
              "the reference",
              reference == null ? null : ComparisonTable.displayName(reference)));
      md.append(" and ");
      md.append(
          clause(
              find(comparisons, s, PairedComparison.Role.CONTROL),
              "its population control",
              control == null ? null : "(" + controlName(control) + ")"));
      md.append(", at this budget (").append(budget(records, s)).append(").\n\n");
    }
    md.append(
        "Better or worse means every interval of the difference (t over seeds and, when pair scores"
            + " exist, bootstrap over test pairs) lies on that side of 0.\n");
    return md.toString();
  }

  private static boolean isSearch(MethodComparison r) {
    return PairedComparisons.isSearch(r);
  }

  /** "AM-Softmax (CosFace), best of M" for population:cosface. */
  static String controlName(String control) {
    return control.startsWith(ComparisonTable.POPULATION)
        ? ComparisonTable.displayName(control.substring(ComparisonTable.POPULATION.length()))
            + ", best of M"
        : ComparisonTable.displayName(control);
  }

  private static String clause(PairedComparison c, String role, String other) {
    if (other == null) {
      return "not compared with " + role + " (none ran)";
    }
    Verdict v = c == null ? Verdict.UNKNOWN : c.verdict();
    String text = v.phrase() + " " + role + " " + other;
    if (c != null) {
      text += " (Δ " + signed(c.seeds().estimate()) + " pp)";
    }
    return text;
  }

  private static PairedComparison find(
      List<PairedComparison> comparisons, String method, PairedComparison.Role role) {
    return comparisons.stream()
        .filter(c -> c.method().equals(method) && c.role() == role)
        .findFirst()
        .orElse(null);
  }

  /** "3 rounds × 4 candidates, 5 seeds" from the method's records. */
  private static String budget(List<MethodComparison> records, String method) {
    List<MethodComparison> runs =
        records.stream().filter(r -> r.getMethod().equals(method)).toList();
    MethodComparison first = runs.get(0);
    int perRound = first.getRounds() == 0 ? 0 : first.getCandidates() / first.getRounds();
    return first.getRounds()
        + " rounds × "
        + perRound
        + " candidates, "
        + runs.size()
        + (runs.size() == 1 ? " seed" : " seeds");
  }

  static String signed(double pp) {
    return String.format(Locale.ROOT, "%+.2f", 100 * pp);
  }

  static String interval(Interval i) {
    if (i == null || !i.bounded()) {
      return Fmt.NA;
    }
    String s = "[" + signed(i.low()) + ", " + signed(i.high()) + "]";
    return i.excludesZero() ? s + " " + RESOLVED : s;
  }
}
