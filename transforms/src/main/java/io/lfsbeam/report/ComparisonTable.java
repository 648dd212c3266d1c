package io.lfsbeam.report;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.report.ComparisonColumn.Kind;
import io.lfsbeam.report.ComparisonColumn.Source;
import io.lfsbeam.schemas.MethodComparison;
import io.lfsbeam.schemas.SetEvaluation;
import io.lfsbeam.schemas.TarPoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code compare} results: one {@link MethodComparison} per method × seed, aggregated to mean ±
 * std over seeds per method, written as {@code comparison.md} (METHOD.md §5's table: one row per
 * method, one column per evaluation set and figure, plus the training compute), {@code
 * comparison.avro} (the per-run records) and {@code comparison.png} (accuracies with error bars).
 *
 * <p>The aggregation ({@link #aggregate}) is pure; only {@code write} touches files.
 */
public final class ComparisonTable {
  /** The paper's row order (METHOD.md §5); other method names follow in the order given. */
  static final List<String> PAPER_ORDER =
      List.of("softmax", "sphereface", "cosface", "arcface", "amlfs", "random", "search");

  static final Map<String, String> PAPER_NAMES =
      Map.of(
          "softmax",
          "Softmax",
          "sphereface",
          "A-Softmax (SphereFace)",
          "cosface",
          "AM-Softmax (CosFace)",
          "arcface",
          "Arc-Softmax (ArcFace)",
          "amlfs",
          "AM-LFS",
          "random",
          "Random-Softmax",
          "search",
          "Search-Softmax");

  /** Short names for the bar chart's category axis, where the table's names would collide. */
  static final Map<String, String> SHORT_NAMES =
      Map.of(
          "softmax",
          "Softmax",
          "sphereface",
          "A-Softmax",
          "cosface",
          "AM-Softmax",
          "arcface",
          "Arc-Softmax",
          "amlfs",
          "AM-LFS",
          "random",
          "Random",
          "search",
          "Search");

  private ComparisonTable() {}

  /**
   * Reads every run folder, writes comparison.md/.avro/.png under {@code outputDir} and returns the
   * per-method summaries.
   *
   * @param runDirsByMethod method name (softmax, …, search) → its search output folders, one per
   *     seed
   */
  public static List<MethodSummary> write(
      Map<String, List<String>> runDirsByMethod, String outputDir) throws IOException {
    return write(runDirsByMethod, outputDir, PairedComparisons.BEST);
  }

  /**
   * As {@link #write(Map, String)}, with the paired differences against {@code reference} (a method
   * name, or {@link PairedComparisons#BEST}).
   */
  public static List<MethodSummary> write(
      Map<String, List<String>> runDirsByMethod, String outputDir, String reference)
      throws IOException {
    List<MethodComparison> records = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : runDirsByMethod.entrySet()) {
      for (String dir : e.getValue()) {
        records.add(MethodComparisons.fromRunDir(e.getKey(), dir));
      }
    }
    return write(records, outputDir, reference);
  }

  /** Writes comparison.md/.avro/.png for records already made (e.g. by the compare command). */
  public static List<MethodSummary> write(List<MethodComparison> records, String outputDir)
      throws IOException {
    return write(records, outputDir, PairedComparisons.BEST);
  }

  /**
   * Writes comparison.md/.avro/.png; the paired differences read each run's pair scores from its
   * folder ({@link PairOutcomes}) when present.
   */
  public static List<MethodSummary> write(
      List<MethodComparison> records, String outputDir, String reference) throws IOException {
    String dir =
        outputDir.endsWith("/") ? outputDir.substring(0, outputDir.length() - 1) : outputDir;
    List<MethodComparison> sorted = sorted(records);
    List<ComparisonColumn> columns = columns(sorted);
    List<MethodSummary> summaries = aggregate(sorted);
    Paired paired = paired(sorted, reference);
    AvroFiles.write(dir + "/comparison.avro", MethodComparison.getClassSchema(), sorted);
    boolean plotted = false;
    var png = ComparisonPlot.render(summaries, columns, paired.comparisons());
    if (png.isPresent()) {
      TextFiles.writeBytes(dir + "/comparison.png", png.get());
      plotted = true;
    }
    TextFiles.write(dir + "/comparison.md", markdown(sorted, summaries, columns, plotted, paired));
    return summaries;
  }

  /** The paired comparisons of a table and who they are against. */
  record Paired(
      String reference, String control, List<PairedComparison> comparisons, int testPairs) {
    static final Paired NONE = new Paired(null, null, List.of(), 0);
  }

  static Paired paired(List<MethodComparison> records, String requestedReference)
      throws IOException {
    String set = primarySet(evalSets(records));
    Map<String, PairOutcomes> outcomes = new LinkedHashMap<>();
    if (set != null) {
      for (MethodComparison r : records) {
        PairOutcomes.load(r.getRunDir(), set).ifPresent(o -> outcomes.put(r.getRunDir(), o));
      }
    }
    String reference = PairedComparisons.reference(records, requestedReference).orElse(null);
    String control = PairedComparisons.control(records, reference).orElse(null);
    List<PairedComparison> comparisons =
        PairedComparisons.compute(records, outcomes, reference, control);
    int testPairs =
        comparisons.stream()
            .filter(c -> c.pairs() != null)
            .mapToInt(c -> c.pairs().n())
            .findFirst()
            .orElse(0);
    return new Paired(reference, control, comparisons, testPairs);
  }

  /** Records in paper order, then by seed: the order of every output. */
  static List<MethodComparison> sorted(List<MethodComparison> records) {
    List<String> methods = methodOrder(records);
    List<MethodComparison> out = new ArrayList<>(records);
    out.sort(
        Comparator.<MethodComparison>comparingInt(r -> methods.indexOf(r.getMethod()))
            .thenComparingLong(MethodComparison::getSeed));
    return out;
  }

  /** Mean ± std over seeds of every column, per method, in paper order. */
  public static List<MethodSummary> aggregate(List<MethodComparison> records) {
    List<ComparisonColumn> columns = columns(records);
    List<MethodSummary> out = new ArrayList<>();
    for (String method : methodOrder(records)) {
      List<MethodComparison> runs =
          records.stream()
              .filter(r -> r.getMethod().equals(method))
              .sorted(Comparator.comparingLong(MethodComparison::getSeed))
              .toList();
      Map<ComparisonColumn, MeanStd> figures = new LinkedHashMap<>();
      for (ComparisonColumn c : columns) {
        List<Double> values = new ArrayList<>();
        for (MethodComparison r : runs) {
          Double v = figures(r, columns).get(c);
          if (v != null && !v.isNaN()) {
            values.add(v);
          }
        }
        if (!values.isEmpty()) {
          figures.put(c, MeanStd.of(values));
        }
      }
      out.add(
          new MethodSummary(
              method, runs.stream().map(MethodComparison::getSeed).toList(), figures));
    }
    return out;
  }

  /**
   * The table's columns for these records: validation accuracy, the accuracy on each evaluation set
   * (and their average when there are several, as in the paper), AUC/EER/TAR and rank-1 on the
   * primary set (test, else the first), then the cost. TAR columns are the FARs every run reported,
   * so each cell compares like with like.
   */
  static List<ComparisonColumn> columns(List<MethodComparison> records) {
    List<ComparisonColumn> cols = new ArrayList<>();
    cols.add(ComparisonColumn.run("val", Kind.PERCENT, Source.VAL));
    Set<String> sets = evalSets(records);
    sets.forEach(s -> cols.add(new ComparisonColumn(s, Kind.PERCENT, Source.ACCURACY, s, null)));
    if (sets.size() > 1) {
      cols.add(ComparisonColumn.run("avg", Kind.PERCENT, Source.AVERAGE_ACCURACY));
    }
    String p = primarySet(sets);
    if (p != null) {
      if (records.stream().anyMatch(r -> set(r, p) != null && set(r, p).getAuc() != null)) {
        cols.add(new ComparisonColumn(p + " AUC", Kind.RATIO, Source.AUC, p, null));
      }
      if (records.stream().anyMatch(r -> set(r, p) != null && set(r, p).getEer() != null)) {
        cols.add(new ComparisonColumn(p + " EER", Kind.PERCENT, Source.EER, p, null));
      }
      for (double far : commonFars(records, p).descendingSet()) {
        cols.add(
            new ComparisonColumn(p + " TAR@FAR=" + Fmt.far(far), Kind.PERCENT, Source.TAR, p, far));
      }
      if (records.stream().anyMatch(r -> set(r, p) != null && set(r, p).getRank1() != null)) {
        cols.add(new ComparisonColumn(p + " rank-1", Kind.PERCENT, Source.RANK1, p, null));
      }
    }
    cols.add(ComparisonColumn.run("training compute (s)", Kind.SECONDS, Source.TRAINING_SECONDS));
    cols.add(ComparisonColumn.run("steps", Kind.COUNT, Source.STEPS));
    cols.add(ComparisonColumn.run("final-model epochs", Kind.EPOCHS, Source.EPOCHS));
    return cols;
  }

  /** One run's value of each column (absent when the run lacks it). */
  static Map<ComparisonColumn, Double> figures(MethodComparison r, List<ComparisonColumn> columns) {
    List<String> accuracySets =
        columns.stream()
            .filter(c -> c.source() == Source.ACCURACY)
            .map(ComparisonColumn::evalSet)
            .toList();
    Map<ComparisonColumn, Double> out = new LinkedHashMap<>();
    for (ComparisonColumn c : columns) {
      SetEvaluation e = c.evalSet() == null ? null : set(r, c.evalSet());
      Double v =
          switch (c.source()) {
            case VAL -> r.getValAccuracy();
            case ACCURACY -> e == null ? null : e.getAccuracyMean();
            case AVERAGE_ACCURACY -> averageAccuracy(r, accuracySets);
            case AUC -> e == null ? null : e.getAuc();
            case EER -> e == null ? null : e.getEer();
            case TAR -> e == null ? null : tarAt(e, c.far());
            case RANK1 -> e == null ? null : e.getRank1();
            case TRAINING_SECONDS -> r.getTrainingSeconds();
            case STEPS -> (double) r.getTrainingSteps();
            case EPOCHS -> r.getFinalModelEpochs();
          };
      if (v != null) {
        out.put(c, v);
      }
    }
    return out;
  }

  /**
   * The paper's avg: mean accuracy over the evaluation sets, only for a run evaluated on all of
   * them.
   */
  private static Double averageAccuracy(MethodComparison r, List<String> sets) {
    double sum = 0;
    for (String s : sets) {
      SetEvaluation e = set(r, s);
      if (e == null) {
        return null;
      }
      sum += e.getAccuracyMean();
    }
    return sets.isEmpty() ? null : sum / sets.size();
  }

  static String markdown(
      List<MethodComparison> records,
      List<MethodSummary> summaries,
      List<ComparisonColumn> columns,
      boolean plotted) {
    return markdown(records, summaries, columns, plotted, Paired.NONE);
  }

  static String markdown(
      List<MethodComparison> records,
      List<MethodSummary> summaries,
      List<ComparisonColumn> columns,
      boolean plotted,
      Paired paired) {
    StringBuilder md = new StringBuilder("# Method comparison\n\n");
    md.append(
        "Final model of each method; percentages are verification accuracy (10-fold, LFW protocol) unless the "
            + "column says otherwise. Each cell is the mean ± sample standard deviation (n − 1) over seeds; a single "
            + "seed shows its value alone, and (n=k) marks a figure only k of the seeds have. ");
    md.append(PairedMarkdown.PAIRING);
    if (paired.reference() != null) {
      md.append("Reference: ").append(displayName(paired.reference()));
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
          new ArrayList<>(List.of(displayName(s.method()), Integer.toString(s.seeds().size())));
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
        side add up), the budget the comparison holds equal; *steps*: optimiser steps over all candidates; \
        *final-model epochs*: epochs behind the final model (Σ over rounds of the best candidate's epochs).

        """);
    if (plotted) {
      md.append(
              Markdown.image(
                  "verification accuracy by method, mean ± std over seeds; paired differences with"
                      + " their 95 % intervals",
                  "comparison.png"))
          .append('\n');
    }
    md.append(PairedMarkdown.differences(paired.comparisons(), paired.testPairs()));
    md.append("## Runs\n\n");
    List<List<String>> runRows = new ArrayList<>();
    for (MethodComparison r : records) {
      Map<ComparisonColumn, Double> f = figures(r, columns);
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
            paired.comparisons(), records, paired.reference(), paired.control()));
    return md.toString();
  }

  /** The prefix of a population control's method name ({@code population:cosface}). */
  static final String POPULATION = "population:";

  static String shortName(String method) {
    if (method.startsWith(POPULATION)) {
      return "Pop. " + shortName(method.substring(POPULATION.length()));
    }
    return SHORT_NAMES.getOrDefault(method, method);
  }

  static String displayName(String method) {
    if (method.startsWith(POPULATION)) {
      return "Population control of " + displayName(method.substring(POPULATION.length()));
    }
    return PAPER_NAMES.getOrDefault(method, method);
  }

  static List<String> methodOrder(List<MethodComparison> records) {
    List<String> order = new ArrayList<>();
    PAPER_ORDER.stream()
        .filter(m -> records.stream().anyMatch(r -> r.getMethod().equals(m)))
        .forEach(order::add);
    records.stream()
        .map(MethodComparison::getMethod)
        .filter(m -> !order.contains(m))
        .distinct()
        .forEach(order::add);
    return order;
  }

  static Set<String> evalSets(List<MethodComparison> records) {
    Set<String> sets = new LinkedHashSet<>();
    records.forEach(r -> r.getEvaluations().forEach(e -> sets.add(e.getEvalSet())));
    return sets;
  }

  static String primarySet(Set<String> sets) {
    return sets.contains("test") ? "test" : sets.stream().findFirst().orElse(null);
  }

  static SetEvaluation set(MethodComparison r, String name) {
    return r.getEvaluations().stream()
        .filter(e -> e.getEvalSet().equals(name))
        .findFirst()
        .orElse(null);
  }

  /** FARs reported by every run that was evaluated on {@code set}. */
  static TreeSet<Double> commonFars(List<MethodComparison> records, String set) {
    TreeSet<Double> common = null;
    for (MethodComparison r : records) {
      SetEvaluation e = set(r, set);
      if (e == null) {
        continue;
      }
      TreeSet<Double> fars = new TreeSet<>();
      e.getTarAtFar().forEach(t -> fars.add(t.getFar()));
      if (common == null) {
        common = fars;
      } else {
        common.retainAll(fars);
      }
    }
    return common == null ? new TreeSet<>() : common;
  }

  private static Double tarAt(SetEvaluation e, double far) {
    for (TarPoint t : e.getTarAtFar()) {
      if (t.getFar() == far) {
        return t.getTar();
      }
    }
    return null;
  }
}
