package io.lfsbeam.report;

import io.lfsbeam.schemas.MethodComparison;
import io.lfsbeam.schemas.SetEvaluation;
import io.lfsbeam.search.FixedLoss;
import io.lfsbeam.stats.Holm;
import io.lfsbeam.stats.PairDifferences;
import io.lfsbeam.stats.TotalNoise;
import io.lfsbeam.stats.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The paired comparisons of a compare (pure): every method against the reference, every search
 * against the population control, each as a paired mean difference in test accuracy with one 95 %
 * interval on the total noise — the seeds trained and the test pairs drawn, pairs clustered by the
 * identities they share ({@link io.lfsbeam.stats.TotalNoise}) — and a verdict after Holm's
 * correction over the whole table ({@link io.lfsbeam.stats.Holm}).
 *
 * <p>The reference by default, and the loss of {@code population:best}, is the fixed loss with the
 * highest mean validation accuracy over seeds: chosen on validation, never on the test pairs the
 * differences are measured on. Every fixed loss competes, softmax included (the strongest
 * hand-picked loss is the honest bar for a search).
 */
public final class PairedComparisons {
  /** Coverage of every interval. */
  public static final double LEVEL = 0.95;

  /** The {@code --reference} value meaning "the best fixed loss by validation". */
  public static final String BEST = "best";

  private static final String POPULATION = ComparisonTable.POPULATION;
  private static final Set<String> SEARCHES = Set.of("amlfs", "random", "search");

  private PairedComparisons() {}

  /** The fixed loss with the highest mean validation accuracy (ties: the earlier in the table). */
  public static Optional<String> bestFixed(List<MethodComparison> records) {
    String best = null;
    double bestVal = Double.NEGATIVE_INFINITY;
    for (String method : ComparisonTable.methodOrder(records)) {
      List<Double> vals =
          records.stream()
              .filter(r -> r.getMethod().equals(method) && isFixed(r))
              .map(MethodComparison::getValAccuracy)
              .filter(v -> v != null && !v.isNaN())
              .toList();
      if (vals.isEmpty()) {
        continue;
      }
      double mean = vals.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      if (mean > bestVal) {
        bestVal = mean;
        best = method;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code requested} when it is a method of the records, the best fixed loss for "best". */
  public static Optional<String> reference(List<MethodComparison> records, String requested) {
    if (requested == null || requested.isBlank() || requested.equalsIgnoreCase(BEST)) {
      return bestFixed(records);
    }
    return records.stream().map(MethodComparison::getMethod).filter(requested::equals).findFirst();
  }

  /**
   * The searches' population control: the population of the reference's loss when it ran, else the
   * first population control of the table.
   */
  public static Optional<String> control(List<MethodComparison> records, String reference) {
    List<String> populations =
        ComparisonTable.methodOrder(records).stream()
            .filter(m -> records.stream().anyMatch(r -> r.getMethod().equals(m) && isPopulation(r)))
            .toList();
    if (reference != null && populations.contains(POPULATION + reference)) {
      return Optional.of(POPULATION + reference);
    }
    return populations.stream().findFirst();
  }

  /**
   * Every method against the reference, then every search against the control, with Holm's
   * correction over all of them.
   *
   * @param outcomes run folder → its final model's outcome per test pair (comparisons whose runs
   *     lack them get the seed part of the noise alone)
   * @param identities face id → identity of the test faces (empty: faces joined by matched pairs,
   *     {@link PairIdentities#clusters})
   */
  public static List<PairedComparison> compute(
      List<MethodComparison> records,
      Map<String, PairOutcomes> outcomes,
      Map<String, String> identities,
      String reference,
      String control) {
    List<Unadjusted> raw = new ArrayList<>();
    List<String> order = ComparisonTable.methodOrder(records);
    if (reference != null) {
      for (String m : order) {
        if (!m.equals(reference)) {
          pair(records, outcomes, identities, m, reference, PairedComparison.Role.REFERENCE)
              .ifPresent(raw::add);
        }
      }
    }
    if (control != null) {
      for (String m : order) {
        if (records.stream().anyMatch(r -> r.getMethod().equals(m) && isSearch(r))) {
          pair(records, outcomes, identities, m, control, PairedComparison.Role.CONTROL)
              .ifPresent(raw::add);
        }
      }
    }
    double[] p = raw.stream().mapToDouble(u -> u.noise().pValue()).toArray();
    double[] adjusted = Holm.adjust(p);
    int family = Holm.familySize(p);
    List<PairedComparison> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      Unadjusted u = raw.get(i);
      out.add(
          new PairedComparison(
              u.method(),
              u.against(),
              u.role(),
              u.noise(),
              p[i],
              adjusted[i],
              family,
              Verdict.of(u.noise(), adjusted[i], Verdict.ALPHA)));
    }
    return out;
  }

  /** A comparison before the family's correction. */
  record Unadjusted(String method, String against, PairedComparison.Role role, TotalNoise noise) {}

  /** The paired difference method − against over the seeds both have a test accuracy for. */
  static Optional<Unadjusted> pair(
      List<MethodComparison> records,
      Map<String, PairOutcomes> outcomes,
      Map<String, String> identities,
      String method,
      String against,
      PairedComparison.Role role) {
    String set = ComparisonTable.primarySet(ComparisonTable.evalSets(records));
    if (set == null) {
      return Optional.empty();
    }
    TreeSet<Long> seeds = new TreeSet<>();
    for (MethodComparison r : runs(records, method)) {
      Optional<MethodComparison> other = run(records, against, r.getSeed());
      if (accuracy(r, set) != null && other.isPresent() && accuracy(other.get(), set) != null) {
        seeds.add(r.getSeed());
      }
    }
    if (seeds.isEmpty()) {
      return Optional.empty();
    }
    double[] d = new double[seeds.size()];
    boolean[][] pa = new boolean[seeds.size()][];
    boolean[][] pb = new boolean[seeds.size()][];
    List<String> keys = null;
    boolean paired = true;
    int i = 0;
    for (long seed : seeds) {
      MethodComparison ra = run(records, method, seed).orElseThrow();
      MethodComparison rb = run(records, against, seed).orElseThrow();
      d[i] = accuracy(ra, set) - accuracy(rb, set);
      PairOutcomes oa = outcomes.get(ra.getRunDir());
      PairOutcomes ob = outcomes.get(rb.getRunDir());
      if (paired && oa != null && ob != null) {
        if (keys == null) {
          keys = List.copyOf(ob.correct().keySet());
        }
        Optional<boolean[]> ca = oa.inOrder(keys);
        Optional<boolean[]> cb = ob.inOrder(keys);
        if (ca.isPresent()
            && cb.isPresent()
            && oa.correct().size() == keys.size()
            && ob.correct().size() == keys.size()) {
          pa[i] = ca.get();
          pb[i] = cb.get();
        } else {
          paired = false; // models scored on different pairs: nothing to pair
        }
      } else {
        paired = false;
      }
      i++;
    }
    PairDifferences pairs = null;
    if (paired && keys != null) {
      PairOutcomes first = outcomes.get(run(records, against, seeds.first()).get().getRunDir());
      List<PairOutcomes.PairFaces> faces = keys.stream().map(k -> first.faces().get(k)).toList();
      int[][] clusters = PairIdentities.clusters(faces, identities);
      pairs = PairDifferences.of(pa, pb, clusters[0], clusters[1]);
    }
    return Optional.of(new Unadjusted(method, against, role, TotalNoise.of(d, pairs)));
  }

  static boolean isFixed(MethodComparison r) {
    return "FIXED".equals(r.getMode())
        || (r.getMode().isEmpty() && FixedLoss.NAMES.contains(r.getMethod()));
  }

  static boolean isPopulation(MethodComparison r) {
    return "POPULATION".equals(r.getMode())
        || (r.getMode().isEmpty() && r.getMethod().startsWith(POPULATION));
  }

  static boolean isSearch(MethodComparison r) {
    return Set.of("SEARCH", "RANDOM", "AMLFS").contains(r.getMode())
        || (r.getMode().isEmpty() && SEARCHES.contains(r.getMethod()));
  }

  private static List<MethodComparison> runs(List<MethodComparison> records, String method) {
    return records.stream()
        .filter(r -> r.getMethod().equals(method))
        .sorted(Comparator.comparingLong(MethodComparison::getSeed))
        .toList();
  }

  private static Optional<MethodComparison> run(
      List<MethodComparison> records, String method, long seed) {
    return records.stream()
        .filter(r -> r.getMethod().equals(method) && r.getSeed() == seed)
        .findFirst();
  }

  private static Double accuracy(MethodComparison r, String set) {
    SetEvaluation e = ComparisonTable.set(r, set);
    return e == null ? null : e.getAccuracyMean();
  }
}
