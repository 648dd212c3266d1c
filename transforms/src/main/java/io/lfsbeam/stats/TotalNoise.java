package io.lfsbeam.stats;

import java.util.OptionalInt;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A paired difference in test accuracy between two methods with one standard error for the total
 * noise: which seeds were trained and which test pairs were drawn.
 *
 * <p><b>Model.</b> Every seed of both methods is scored on the same test pairs, so the pair-level
 * differences D_sj (seed s, pair j) form a crossed seeds × pairs design: D_sj = μ + a_s + b_j +
 * e_sj, with a seed effect a (one model trains better overall), a pair effect b (pairs on which A
 * is systematically better or worse than B; correlated between pairs that share an identity) and a
 * seed × pair interaction e (which pairs this particular model gets wrong; also correlated within
 * an identity). The estimate is the mean over seeds of the per-seed accuracy differences d_s, and
 *
 * <pre>
 *   Var(d̄) = σ²_a/n + Q_b + Q_e/n
 * </pre>
 *
 * with Q_b, Q_e the variances of the pair means of b and e (clustered by identity). The
 * method-of-moments estimate used here (the two-way random-effects ANOVA decomposition, as in Owen
 * 2007, "The pigeonhole bootstrap", Ann. Appl. Stat. 1, for crossed designs):
 *
 * <ul>
 *   <li>seed part s_d²/n: the sample variance of the d_s estimates σ²_a + Q_e, with n − 1 degrees
 *       of freedom;
 *   <li>pair part Q̂_b = max(0, V̂(D̄) − Q̂_e/n): V̂(D̄) is the identity-clustered variance ({@link
 *       PairClusterVariance}) of the mean of the pair means D̄_j = mean_s D_sj, which estimates Q_b
 *       + Q_e/n; Q̂_e is the same clustered variance of the interaction residuals D_sj − D̄_j − d_s
 *       + d̄, averaged over seeds and scaled by n/(n − 1). Without the subtraction the interaction
 *       would be counted twice (it is in both the seed spread and the pair means): the interval
 *       would be up to √2 too wide when, as in practice, models mostly differ in which pairs they
 *       get wrong. Its degrees of freedom ν_pair come from Satterthwaite's formula for a difference
 *       of estimates, V̂(D̄) having G − 1 (G the identities) and Q̂_e/n (G − 1)(n − 1);
 *   <li>the two parts are added and the t reference distribution takes Satterthwaite's degrees of
 *       freedom, ν = V² / ((s_d²/n)²/(n − 1) + Q̂_b²/ν_pair) (Satterthwaite 1946, Biometrics
 *       Bulletin 2; Welch 1947).
 * </ul>
 *
 * <p>Why not a two-level bootstrap (seeds, then pairs by identity): with 3 to 5 seeds a bootstrap
 * over seeds has only 10 to 126 distinct resamples, underestimates the spread by (n − 1)/n and has
 * no small-sample t correction, so its intervals undercover exactly where compare runs; and
 * resampling both levels counts the interaction twice as well. The analytic interval costs O(n·P)
 * and is checked by simulation ({@code TotalNoiseNullSimulationTest}).
 *
 * <p>One seed gives no seed spread: there is then no interval and no verdict ({@link #judgeable}).
 * Without pair scores (runs from before they were written) the seed part stands alone, with n − 1
 * degrees of freedom; it misses the test set's own noise ({@link #pairsIncluded} is false).
 *
 * @param estimate mean over seeds of the per-seed differences
 * @param seeds n
 * @param seedVariance s_d²/n, NaN with one seed
 * @param pairVariance Q̂_b (with one seed: V̂(D̄), the interaction inseparable), NaN without pair
 *     scores
 * @param pairs test pairs scored by every model, 0 without pair scores
 * @param clusters identities those pairs involve (G), 0 without pair scores
 * @param pairDf Satterthwaite's degrees of freedom of the pair part alone, NaN without it
 * @param df Satterthwaite's degrees of freedom of the total, NaN with one seed
 */
public record TotalNoise(
    double estimate,
    int seeds,
    double seedVariance,
    double pairVariance,
    int pairs,
    int clusters,
    double pairDf,
    double df) {

  /**
   * @param perSeed the per-seed accuracy differences d_s (A − B), in the seed order of {@code
   *     pairs}
   * @param pairs the pair-level differences and identities, or null when pair scores are missing
   */
  public static TotalNoise of(double[] perSeed, PairDifferences pairs) {
    int n = perSeed.length;
    if (n == 0) {
      throw new IllegalArgumentException("no seeds");
    }
    if (pairs != null && pairs.seeds() != n) {
      throw new IllegalArgumentException(
          "pair differences for " + pairs.seeds() + " seeds, per-seed differences for " + n);
    }
    double mean = 0;
    for (double d : perSeed) {
      mean += d;
    }
    mean /= n;
    double seedVar = Double.NaN;
    if (n >= 2) {
      double ss = 0;
      for (double d : perSeed) {
        ss += (d - mean) * (d - mean);
      }
      seedVar = ss / (n - 1) / n;
    }
    if (pairs == null) {
      return new TotalNoise(
          mean, n, seedVar, Double.NaN, 0, 0, Double.NaN, n >= 2 ? n - 1.0 : Double.NaN);
    }
    int p = pairs.pairs();
    PairClusterVariance clustered = pairs.clusterVariance();
    int g = clustered.clusters();
    double[] pairMean = new double[p];
    double[] seedMean = new double[n];
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < p; j++) {
        pairMean[j] += pairs.bySeed()[s][j] / n;
        seedMean[s] += pairs.bySeed()[s][j] / p;
      }
    }
    double vPairMeans = clustered.ofMean(pairMean);
    if (n < 2) {
      return new TotalNoise(mean, n, seedVar, vPairMeans, p, g, g - 1.0, Double.NaN);
    }
    double grand = 0;
    for (double m : seedMean) {
      grand += m / n;
    }
    double interaction = 0;
    double[] r = new double[p];
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < p; j++) {
        r[j] = pairs.bySeed()[s][j] - pairMean[j] - seedMean[s] + grand;
      }
      interaction += clustered.ofCentered(r) / n;
    }
    interaction *= n / (n - 1.0);
    double pairVar = Math.max(0, vPairMeans - interaction / n);
    // Satterthwaite for the pair part, a difference of two estimates: V̂(D̄) has G − 1 degrees of
    // freedom, the interaction averaged over seeds (G − 1)(n − 1)
    double q = interaction / n;
    double pairDenominator =
        g > 1 ? vPairMeans * vPairMeans / (g - 1) + q * q / ((g - 1.0) * (n - 1)) : 0;
    double pairDf = pairDenominator > 0 ? pairVar * pairVar / pairDenominator : Double.NaN;
    if (pairVar == 0 || Double.isNaN(pairDf)) {
      pairDf = g > 1 ? g - 1.0 : Double.NaN;
    }
    return new TotalNoise(
        mean, n, seedVar, pairVar, p, g, pairDf, satterthwaite(seedVar, n, pairVar, pairDf));
  }

  /**
   * ν = V² / ((s_d²/n)²/(n − 1) + Q̂_b²/ν_pair) for V = s_d²/n + Q̂_b (Satterthwaite 1946); n − 1
   * when the pair part is absent or zero.
   */
  static double satterthwaite(double seedPart, int n, double pairPart, double pairDf) {
    double total = seedPart + pairPart;
    double denominator = seedPart * seedPart / (n - 1);
    if (pairPart > 0 && pairDf > 0) {
      denominator += pairPart * pairPart / pairDf;
    }
    return denominator > 0 ? total * total / denominator : n - 1.0;
  }

  /** Whether there is an interval (two seeds or more). */
  public boolean judgeable() {
    return seeds >= 2;
  }

  /** Whether the test pairs' noise is in the interval (pair scores were there). */
  public boolean pairsIncluded() {
    return pairs > 0;
  }

  /** Seed part + pair part; NaN with one seed. */
  public double variance() {
    if (!judgeable()) {
      return Double.NaN;
    }
    return seedVariance + (pairsIncluded() ? pairVariance : 0);
  }

  public double standardError() {
    return Math.sqrt(variance());
  }

  /** estimate ± t_{(1+level)/2, ν} · SE; without bounds with one seed. */
  public Interval interval(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), not " + level);
    }
    if (!judgeable()) {
      return Interval.pointOnly(estimate, level, seeds);
    }
    double se = standardError();
    if (se == 0) {
      return new Interval(estimate, estimate, estimate, level, seeds);
    }
    double half = StudentT.quantile((1 + level) / 2, df) * se;
    return new Interval(estimate, estimate - half, estimate + half, level, seeds);
  }

  /**
   * Two-sided p-value of "no difference" (t = estimate/SE on ν degrees of freedom); NaN with one
   * seed. A zero standard error gives 1 for a zero estimate and 0 otherwise.
   */
  public double pValue() {
    if (!judgeable()) {
      return Double.NaN;
    }
    double se = standardError();
    if (se == 0) {
      return estimate == 0 ? 1 : 0;
    }
    return StudentT.twoSidedP(estimate / se, df);
  }

  /**
   * The smallest true difference a two-sided test at level {@code alpha} would detect with
   * probability {@code power} at this standard error: (t_{1−α/2, ν} + t_{power, ν}) · SE (the usual
   * minimum detectable effect, e.g. Bloom 1995, Evaluation Review 19). NaN with one seed.
   */
  public double minimumDetectable(double alpha, double power) {
    if (!judgeable()) {
      return Double.NaN;
    }
    return minimumDetectable(seeds, alpha, power);
  }

  /**
   * The seeds a true difference of {@code delta} would need to be detected at level {@code alpha}
   * with probability {@code power}, projecting this comparison's seed spread (s_d², which does not
   * change with n) and pair part (which more seeds do not shrink: the test set stays the same).
   * Empty with one seed, for a zero delta, or when more than {@code max} seeds — or no number of
   * seeds, because the test pairs' noise alone exceeds it — would be needed.
   */
  public OptionalInt seedsToDetect(double delta, double alpha, double power, int max) {
    if (!judgeable() || delta == 0 || !Double.isFinite(delta)) {
      return OptionalInt.empty();
    }
    if (pairLimited(delta, alpha, power)) {
      return OptionalInt.empty();
    }
    for (int m = 2; m <= max; m++) {
      if (minimumDetectable(m, alpha, power) <= Math.abs(delta)) {
        return OptionalInt.of(m);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * Whether the test pairs' noise alone (the part more seeds cannot shrink) keeps a difference of
   * {@code delta} below detection at any number of seeds (normal limit).
   */
  public boolean pairLimited(double delta, double alpha, double power) {
    if (!pairsIncluded() || !(pairVariance > 0)) {
      return false;
    }
    double z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
    return z * Math.sqrt(pairVariance) >= Math.abs(delta);
  }

  /** The MDE with {@code m} seeds, the seed spread and the pair part held at their estimates. */
  private double minimumDetectable(int m, double alpha, double power) {
    double seedPart = seedVariance * seeds / m; // s_d² / m
    double pairPart = pairsIncluded() ? pairVariance : 0;
    double v = seedPart + pairPart;
    if (v == 0) {
      return 0;
    }
    double nu = m == seeds ? df : satterthwaite(seedPart, m, pairPart, pairDf);
    return (StudentT.quantile(1 - alpha / 2, nu) + StudentT.quantile(power, nu)) * Math.sqrt(v);
  }

  private static double normalQuantile(double p) {
    return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(p);
  }
}
