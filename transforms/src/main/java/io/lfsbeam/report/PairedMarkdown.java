package io.lfsbeam.report;

import io.lfsbeam.schemas.MethodComparison;
import io.lfsbeam.stats.Interval;
import io.lfsbeam.stats.TotalNoise;
import io.lfsbeam.stats.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/** The paired-statistics parts of comparison.md: the differences table and the verdicts. */
final class PairedMarkdown {
  /** Marks a difference that survives Holm's correction. */
  static final String RESOLVED = "†";

  /** The power the detectable differences are stated at. */
  static final double POWER = 0.8;

  /** Beyond this many seeds, "seeds needed" is written as "more than". */
  static final int MAX_SEEDS = 1000;

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
    int family = comparisons.get(0).family();
    md.append(
        String.format(
            Locale.ROOT,
            "Δ = method − the other, in percentage points, averaged over the seeds both ran."
                + " *95 %% interval*: one interval on the total noise, Δ ± t_{0.975, ν} · SE with SE²"
                + " = SE²(seeds) + SE²(pairs): the spread of the per-seed differences over seeds"
                + " (s_d²/n) plus the test set's own noise over its %d pairs, clustered by the"
                + " identities the pairs share (dyadic cluster-robust variance, the seed × pair part"
                + " counted once) and ν Satterthwaite's degrees of freedom. *p*: two-sided, against"
                + " no difference; *p (Holm)*: after Holm's correction over the %d comparisons of"
                + " this table, which decides the verdict at family-wise 5 %% (%s: resolved). An"
                + " interval that excludes 0 can still be \"not distinguishable\" after the"
                + " correction. *MDE*: the smallest true difference these seeds and pairs detect with"
                + " 80 %% power at level 5 %%/%d (Holm's strictest step), (t_{1−α/2, ν} + t_{0.8, ν}) ·"
                + " SE. One seed gives no interval and no verdict. *reference*: the method every other"
                + " is compared with; *control*: the population control (the same compute spent on"
                + " best-of-M selection with the loss fixed), so a search's Δ against it is what"
                + " searching the loss adds.%n%n",
            testPairs,
            family,
            RESOLVED,
            Math.max(1, family)));
    List<String> header =
        List.of(
            "method",
            "against",
            "seeds",
            "Δ test (pp)",
            "95 % interval",
            "ν",
            "SE seeds",
            "SE pairs",
            "p",
            "p (Holm)",
            "MDE (pp)",
            "verdict");
    List<List<String>> rows = new ArrayList<>();
    boolean seedsOnly = false;
    for (PairedComparison c : comparisons) {
      TotalNoise t = c.noise();
      seedsOnly |= !t.pairsIncluded();
      rows.add(
          List.of(
              ComparisonTable.displayName(c.method()),
              c.role() == PairedComparison.Role.REFERENCE
                  ? "reference: " + ComparisonTable.displayName(c.against())
                  : "control: " + controlName(c.against()),
              Integer.toString(t.seeds()),
              signed(t.estimate()),
              interval(c.interval()),
              t.judgeable() ? Fmt.fixed(t.df(), 1) : Fmt.NA,
              t.judgeable() ? pp(Math.sqrt(t.seedVariance())) : Fmt.NA,
              t.pairsIncluded() && t.judgeable() ? pp(Math.sqrt(t.pairVariance())) : Fmt.NA,
              probability(c.p()),
              probability(c.adjustedP()) + (c.verdict().resolved() ? " " + RESOLVED : ""),
              mde(t.minimumDetectable(c.powerAlpha(), POWER)),
              shortVerdict(c.verdict())));
    }
    boolean[] right = {false, false, true, true, true, true, true, true, true, true, true, false};
    md.append(Markdown.table(header, rows, right)).append('\n');
    if (seedsOnly) {
      md.append(
          "SE pairs \"–\" with seeds: the runs have no pair scores (`final/test_pair_scores.avro`),"
              + " so the interval holds the seeds' noise only and misses the test set's.\n\n");
    }
    return md.toString();
  }

  /**
   * One sentence per search method: better / not distinguishable / worse than the reference and
   * than its population control, at this budget; then how the verdicts were reached.
   */
  static String verdicts(
      List<PairedComparison> comparisons,
      List<MethodComparison> records,
      String reference,
      String control) {
    return verdicts(comparisons, records, reference, control, List.of());
  }

  /**
   * @param reach a sentence per search on the CosFace-equivalent margins it sampled (may be empty)
   */
  static String verdicts(
      List<PairedComparison> comparisons,
      List<MethodComparison> records,
      String reference,
      String control,
      List<String> reach) {
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
      md.append("; and it is ");
      md.append(
          clause(
              find(comparisons, s, PairedComparison.Role.CONTROL),
              "its population control",
              control == null ? null : "(" + controlName(control) + ")"));
      md.append("; at this budget (").append(budget(records, s)).append(").\n\n");
    }
    reach.forEach(line -> md.append(line).append("\n\n"));
    int family = comparisons.isEmpty() ? 0 : comparisons.get(0).family();
    md.append(
        String.format(
            Locale.ROOT,
            "Better or worse means the difference survives Holm's correction over the %d"
                + " comparison%s of this table (family-wise error 5 %%: the chance that any of"
                + " them says better or worse when no method differs), judged on one interval"
                + " that holds both the seeds' and the test pairs' noise. No verdict comes from"
                + " one seed.%n",
            family,
            family == 1 ? "" : "s"));
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

  static String clause(PairedComparison c, String role, String other) {
    if (other == null) {
      return "not compared with " + role + " (none ran)";
    }
    Verdict v = c == null ? Verdict.UNKNOWN : c.verdict();
    if (v == Verdict.MORE_SEEDS) {
      return "not judged against "
          + role
          + " "
          + other
          + " (Δ "
          + signed(c.noise().estimate())
          + " pp from one seed, which cannot tell a better loss from a luckier seed: run more"
          + " seeds)";
    }
    String text = v.phrase() + " " + role + " " + other;
    if (c == null) {
      return text;
    }
    TotalNoise t = c.noise();
    text +=
        " (Δ "
            + signed(t.estimate())
            + " pp, 95 % interval "
            + interval(c.interval())
            + ", Holm p "
            + probability(c.adjustedP());
    if (v == Verdict.NOT_DISTINGUISHABLE) {
      text += "; " + detectable(c);
    }
    return text + ")";
  }

  /**
   * "with 5 seeds and 400 test pairs the smallest difference detectable at 80 % power was 2.90 pp;
   * a true +0.50 pp would need ≈ 160 seeds".
   */
  static String detectable(PairedComparison c) {
    TotalNoise t = c.noise();
    double alpha = c.powerAlpha();
    double mde = t.minimumDetectable(alpha, POWER);
    String base =
        String.format(
            Locale.ROOT,
            "with %d seeds%s %s",
            t.seeds(),
            t.pairsIncluded() ? " and these " + t.pairs() + " test pairs" : "",
            mde < 1
                ? "the smallest difference detectable at 80 % power is " + pp(mde) + " pp"
                : "no difference in accuracy (at most 100 pp) is detectable at 80 % power");
    double delta = t.estimate();
    if (delta == 0) {
      return base;
    }
    if (t.pairLimited(delta, alpha, POWER)) {
      return base
          + String.format(
              Locale.ROOT,
              "; more seeds alone cannot resolve %s pp: the test pairs' own noise (SE %s pp) keeps"
                  + " it below detection, a larger test set (more identities) would",
              signed(delta),
              pp(Math.sqrt(t.pairVariance())));
    }
    OptionalInt needed = t.seedsToDetect(delta, alpha, POWER, MAX_SEEDS);
    if (needed.isEmpty()) {
      return base
          + "; a true "
          + signed(delta)
          + " pp would need more than "
          + MAX_SEEDS
          + " seeds";
    }
    if (needed.getAsInt() <= t.seeds()) {
      return base
          + "; a true difference of "
          + signed(delta)
          + " pp would be detected 80 % of the time with these seeds, so this one is a miss of"
          + " chance";
    }
    return base + "; a true " + signed(delta) + " pp would need ≈ " + needed.getAsInt() + " seeds";
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

  static String shortVerdict(Verdict v) {
    return switch (v) {
      case BETTER -> "better";
      case WORSE -> "worse";
      case NOT_DISTINGUISHABLE -> "not distinguishable";
      case MORE_SEEDS -> "run more seeds";
      case UNKNOWN -> "–";
    };
  }

  static String signed(double pp) {
    return String.format(Locale.ROOT, "%+.2f", 100 * pp);
  }

  /** A 0..1 difference as unsigned percentage points, two decimals. */
  static String pp(double v) {
    return Double.isNaN(v) ? Fmt.NA : String.format(Locale.ROOT, "%.2f", 100 * v);
  }

  /** A minimum detectable difference; beyond 100 pp no accuracy difference reaches it. */
  static String mde(double v) {
    return v >= 1 ? "> 100" : pp(v);
  }

  static String probability(double p) {
    if (Double.isNaN(p)) {
      return Fmt.NA;
    }
    return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  static String interval(Interval i) {
    if (i == null || !i.bounded()) {
      return Fmt.NA;
    }
    return "[" + signed(i.low()) + ", " + signed(i.high()) + "]";
  }
}
