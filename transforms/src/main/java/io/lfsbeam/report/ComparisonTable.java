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
 * method, one column per evaluation set and figure, plus the training compute; rendered by {@link
 * ComparisonMarkdown}), {@code comparison.avro} (the per-run records), {@code comparison.png}
 * (accuracies with error bars, paired differences) and {@code compute.png} (test accuracy against
 * images seen).
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

  /** The margins published since the paper (BASELINES.md), as their authors write them. */
  static final Map<String, String> MODERN_NAMES =
      Map.of(
          "curricularface",
          "CurricularFace",
          "adaface",
          "AdaFace",
          "magface",
          "MagFace",
          "elasticface-arc",
          "ElasticFace-Arc",
          "elasticface-cos",
          "ElasticFace-Cos",
          "elasticface-arc-plus",
          "ElasticFace-Arc+",
          "elasticface-cos-plus",
          "ElasticFace-Cos+");

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
    boolean computePlotted = false;
    var compute = ComputePlot.chart(summaries, columns);
    if (compute.isPresent()) {
      TextFiles.writeBytes(dir + "/" + ComputePlot.FILE, ReportCharts.png(compute.get()));
      computePlotted = true;
    }
    TextFiles.write(
        dir + "/comparison.md",
        ComparisonMarkdown.render(sorted, summaries, columns, plotted, computePlotted, paired));
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
    Map<String, String> identities = Map.of();
    if (set != null) {
      for (MethodComparison r : records) {
        PairOutcomes.load(r.getRunDir(), set).ifPresent(o -> outcomes.put(r.getRunDir(), o));
      }
      // every method runs on the same data: the first run's test faces name every pair's people
      for (MethodComparison r : records) {
        identities = PairIdentities.load(r.getRunDir(), set);
        if (!identities.isEmpty()) {
          break;
        }
      }
    }
    String reference = PairedComparisons.reference(records, requestedReference).orElse(null);
    String control = PairedComparisons.control(records, reference).orElse(null);
    List<PairedComparison> comparisons =
        PairedComparisons.compute(records, outcomes, identities, reference, control);
    int testPairs =
        comparisons.stream()
            .filter(c -> c.noise().pairsIncluded())
            .mapToInt(c -> c.noise().pairs())
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
    if (records.stream().anyMatch(r -> r.getTrainingImages() != null)) {
      cols.add(ComparisonColumn.run("images seen", Kind.COUNT, Source.IMAGES));
    }
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
            case IMAGES -> r.getTrainingImages() == null ? null : (double) r.getTrainingImages();
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

  /** The prefix of a population control's method name ({@code population:cosface}). */
  static final String POPULATION = "population:";

  static String shortName(String method) {
    if (method.startsWith(POPULATION)) {
      return "Pop. " + shortName(method.substring(POPULATION.length()));
    }
    return SHORT_NAMES.getOrDefault(method, MODERN_NAMES.getOrDefault(method, method));
  }

  static String displayName(String method) {
    if (method.startsWith(POPULATION)) {
      return "Population control of " + displayName(method.substring(POPULATION.length()));
    }
    return PAPER_NAMES.getOrDefault(method, MODERN_NAMES.getOrDefault(method, method));
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
