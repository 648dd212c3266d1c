package io.lfsbeam.preprocess;

import io.lfsbeam.schemas.Split;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Identity-disjoint train/val/test split and the identity-to-label map.
 *
 * <p>Identities named in an explicit list go to that split (e.g. ORL's published "world" subjects
 * to train). The rest are ordered by a seeded stable hash of their name and dealt to the splits
 * without a list, in proportion to those splits' fractions. Labels: train identities in name order
 * get 0..K−1, so a classifier over the train split has exactly K outputs; val then test follow.
 */
public final class IdentitySplit implements Serializable {
  /** Identity-disjoint 80/10/10, the {@code preprocess} defaults. */
  public static final double DEFAULT_TRAIN_FRACTION = 0.8;

  public static final double DEFAULT_VAL_FRACTION = 0.1;
  public static final double DEFAULT_TEST_FRACTION = 0.1;

  private final double trainFraction;
  private final double valFraction;
  private final double testFraction;
  private final long seed;
  private final Map<Split, Set<String>> explicit;

  /** One identity's place: its label and split. */
  public record Assignment(int label, Split split) implements Serializable {}

  private IdentitySplit(
      double train, double val, double test, long seed, Map<Split, Set<String>> explicit) {
    if (train < 0 || val < 0 || test < 0 || train + val + test <= 0) {
      throw new IllegalArgumentException(
          "split fractions must be non-negative and not all zero: "
              + train
              + "/"
              + val
              + "/"
              + test);
    }
    this.trainFraction = train;
    this.valFraction = val;
    this.testFraction = test;
    this.seed = seed;
    this.explicit = explicit;
  }

  public static IdentitySplit byFractions(double train, double val, double test, long seed) {
    return new IdentitySplit(train, val, test, seed, new EnumMap<>(Split.class));
  }

  /** The default fractions with {@link PreprocessConfig#DEFAULT_SEED}. */
  public static IdentitySplit defaults() {
    return byFractions(
        DEFAULT_TRAIN_FRACTION,
        DEFAULT_VAL_FRACTION,
        DEFAULT_TEST_FRACTION,
        PreprocessConfig.DEFAULT_SEED);
  }

  /** Puts the named identities into a split; the others are still dealt by fraction. */
  public IdentitySplit withExplicit(Split split, Collection<String> identities) {
    Map<Split, Set<String>> copy = new EnumMap<>(Split.class);
    explicit.forEach((k, v) -> copy.put(k, new TreeSet<>(v)));
    copy.put(split, new TreeSet<>(identities));
    return new IdentitySplit(trainFraction, valFraction, testFraction, seed, copy);
  }

  /** The fractions and seed as text, e.g. {@code 0.8/0.1/0.1 seed 1}, for display. */
  public String describe() {
    return trainFraction + "/" + valFraction + "/" + testFraction + " seed " + seed;
  }

  public Map<String, Assignment> assign(Collection<String> identities) {
    Map<String, Split> splitOf = new TreeMap<>();
    List<String> rest = new ArrayList<>();
    for (String id : new TreeSet<>(identities)) {
      Split s = null;
      for (Map.Entry<Split, Set<String>> e : explicit.entrySet()) {
        if (e.getValue().contains(id)) {
          if (s != null) {
            throw new IllegalArgumentException("identity " + id + " is listed in two splits");
          }
          s = e.getKey();
        }
      }
      if (s != null) {
        splitOf.put(id, s);
      } else {
        rest.add(id);
      }
    }
    rest.sort(
        Comparator.comparingLong((String id) -> StableHash.of(seed, id)).thenComparing(id -> id));
    List<Split> open = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (Split s : new Split[] {Split.TRAIN, Split.VAL, Split.TEST}) {
      double f = s == Split.TRAIN ? trainFraction : s == Split.VAL ? valFraction : testFraction;
      if (!explicit.containsKey(s) && f > 0) {
        open.add(s);
        weights.add(f);
      }
    }
    if (!rest.isEmpty() && open.isEmpty()) {
      throw new IllegalArgumentException(
          rest.size() + " identities are in no explicit list and no split is open for them");
    }
    int[] counts = apportion(rest.size(), weights);
    int k = 0;
    for (int i = 0; i < open.size(); i++) {
      for (int j = 0; j < counts[i]; j++) {
        splitOf.put(rest.get(k++), open.get(i));
      }
    }
    Map<String, Assignment> out = new TreeMap<>();
    int label = 0;
    for (Split s : new Split[] {Split.TRAIN, Split.VAL, Split.TEST}) {
      for (Map.Entry<String, Split> e : splitOf.entrySet()) {
        if (e.getValue() == s) {
          out.put(e.getKey(), new Assignment(label++, s));
        }
      }
    }
    return out;
  }

  /** Largest-remainder rounding; every open split with a positive weight gets one when n allows. */
  static int[] apportion(int n, List<Double> weights) {
    int m = weights.size();
    int[] c = new int[m];
    if (m == 0 || n == 0) {
      return c;
    }
    double total = weights.stream().mapToDouble(Double::doubleValue).sum();
    double[] rem = new double[m];
    int given = 0;
    for (int i = 0; i < m; i++) {
      double exact = n * weights.get(i) / total;
      c[i] = (int) Math.floor(exact);
      rem[i] = exact - c[i];
      given += c[i];
    }
    while (given < n) {
      int best = 0;
      for (int i = 1; i < m; i++) {
        if (rem[i] > rem[best]) {
          best = i;
        }
      }
      c[best]++;
      rem[best] = -1;
      given++;
    }
    for (int i = 0; i < m && n >= m; i++) {
      if (c[i] == 0) {
        int donor = 0;
        for (int j = 1; j < m; j++) {
          if (c[j] > c[donor]) {
            donor = j;
          }
        }
        c[donor]--;
        c[i]++;
      }
    }
    return c;
  }
}
