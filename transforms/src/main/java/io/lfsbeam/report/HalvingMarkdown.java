package io.lfsbeam.report;

import io.lfsbeam.schemas.TrainResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The report's "Successive halving" section: the rungs, the compute they saved, and the rung
 * fidelity of every round ({@link RungFidelity}) with a warning when early ranks agree weakly with
 * final ones. Pure rendering from the records.
 */
final class HalvingMarkdown {
  private HalvingMarkdown() {}

  /** Whether any round of the search was trained in more than one rung. */
  static boolean applies(SearchSummary s) {
    return s.run().rounds().stream()
        .flatMap(r -> r.results().stream())
        .anyMatch(r -> r.getRungs() > 1);
  }

  static void render(StringBuilder md, SearchSummary s) {
    if (!applies(s)) {
      return;
    }
    md.append("## Successive halving\n\n");
    int rungs = 1;
    long roundSteps = 0;
    TreeMap<Integer, Integer> reached = new TreeMap<>();
    long trained = 0;
    long whole = 0;
    List<List<RungFidelity.Correlation>> rounds = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (RoundRecords r : s.run().rounds()) {
      int roundRungs = r.results().stream().mapToInt(TrainResult::getRungs).max().orElse(1);
      long steps = roundSteps(r.results());
      rungs = Math.max(rungs, roundRungs);
      roundSteps = Math.max(roundSteps, steps);
      for (TrainResult t : r.results()) {
        trained += t.getSteps();
        reached.merge(t.getRungReached(), 1, Integer::sum);
      }
      whole += (long) r.results().size() * steps;
      List<RungFidelity.Correlation> c = RungFidelity.of(r.results());
      rounds.add(c);
      List<String> row = new ArrayList<>();
      row.add(Integer.toString(r.round()));
      for (RungFidelity.Correlation k : c) {
        row.add(
            k.rho() == null
                ? Fmt.NA + " (n = " + k.candidates() + ")"
                : Fmt.fixed(k.rho(), 2) + " (n = " + k.candidates() + ")");
      }
      rows.add(row);
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%d rungs per round%s; candidates by the last rung they trained in: %s. "
                + "The rounds trained **%,d** candidate steps, %s %% of the %,d that every candidate "
                + "training its whole round would have. A stopped candidate's reward in the charts and "
                + "tables is its score at the last rung it trained, after fewer steps; the policy update "
                + "used its rank in the round (below every candidate that went further).%n%n",
            rungs,
            roundSteps > 0 ? String.format(Locale.ROOT, " of a %,d-step round", roundSteps) : "",
            reachedText(reached),
            trained,
            whole > 0 ? Fmt.fixed(100.0 * trained / whole, 1) : Fmt.NA,
            whole));
    List<String> header = new ArrayList<>(List.of("round"));
    for (int k = 0; k < rungs - 1; k++) {
      header.add("ρ rung " + (k + 1) + " vs " + rungs);
    }
    List<List<String>> padded = new ArrayList<>();
    for (List<String> row : rows) {
      List<String> p = new ArrayList<>(row);
      while (p.size() < header.size()) {
        p.add(Fmt.NA);
      }
      padded.add(p);
    }
    md.append(Markdown.table(header, padded)).append('\n');
    md.append(
        String.format(
            Locale.ROOT,
            "Rung fidelity: Spearman's rank correlation ρ between each rung's validation scores and "
                + "the last rung's, among the n candidates that trained the whole round (none below "
                + "%d: two points always correlate ±1). Those candidates won every cut, so ρ among "
                + "them understates the correlation over all candidates.%n%n",
            RungFidelity.MIN_CANDIDATES));
    List<String> low = new ArrayList<>();
    for (int k = 0; k < rungs - 1; k++) {
      OptionalDouble mean = RungFidelity.mean(rounds, k);
      final int rung = k;
      long counted =
          rounds.stream()
              .flatMap(List::stream)
              .filter(c -> c.rung() == rung && c.rho() != null)
              .count();
      if (mean.isEmpty()) {
        md.append(
            String.format(
                Locale.ROOT,
                "- rung %d: no round had %d or more candidates in the last rung; fidelity cannot be measured "
                    + "(more candidates, or fewer rungs or a smaller rate, leave more there).%n",
                k + 1,
                RungFidelity.MIN_CANDIDATES));
        continue;
      }
      md.append(
          String.format(
              Locale.ROOT,
              "- rung %d: mean ρ %s over %d round%s%n",
              k + 1,
              Fmt.fixed(mean.getAsDouble(), 2),
              counted,
              counted == 1 ? "" : "s"));
      if (mean.getAsDouble() < RungFidelity.LOW) {
        low.add(Integer.toString(k + 1));
      }
    }
    md.append('\n');
    if (!low.isEmpty()) {
      md.append(
          String.format(
              Locale.ROOT,
              "**Warning: early ranks agree weakly with final ones** (mean ρ below %s at rung %s): "
                  + "pruning there is unreliable, the cut may stop the loss that would have been "
                  + "best. Below %s the survivors' ρ means a correlation over all candidates of "
                  + "about 0.55 or less, at which a halving cut drops the eventual best in one round "
                  + "of five or more. Consider fewer rungs, a later first rung (a smaller rate) or "
                  + "halving off.%n%n",
              Fmt.fixed(RungFidelity.LOW, 1),
              String.join(", ", low),
              Fmt.fixed(RungFidelity.LOW, 1)));
    }
  }

  /** The round's whole length: the last rung's step count among its results. */
  private static long roundSteps(List<TrainResult> results) {
    long max = 0;
    for (TrainResult r : results) {
      if (!r.getRungSteps().isEmpty() && r.getRungReached() == r.getRungs() - 1) {
        max = Math.max(max, r.getRungSteps().get(r.getRungSteps().size() - 1));
      }
    }
    return max;
  }

  private static String reachedText(TreeMap<Integer, Integer> reached) {
    List<String> parts = new ArrayList<>();
    reached.forEach((rung, n) -> parts.add(String.format(Locale.ROOT, "rung %d: %d", rung + 1, n)));
    return String.join(", ", parts);
  }
}
