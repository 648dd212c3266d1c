package io.lfsbeam.train.loss.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.ToIntBiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analytic gradients against central finite differences of the summed loss, on random batches.
 * Rows whose target sits within a small distance of a non-differentiable point (the ArcFace /
 * combined fallback switch, a bin boundary of the binned losses) are redrawn, since a finite
 * difference across a kink measures the jump, not the derivative. SphereFace's piece boundaries are
 * not avoided: ψ is continuously differentiable across them.
 */
class FiniteDifferenceGradientTest {
  private static final int BATCHES = 30;
  private static final int N = 6;
  private static final int K = 5;
  private static final double H = 1e-6;
  private static final double REL = 1e-6;
  private static final double ABS = 1e-6;

  /** Minimum distance of a target from a kink (in θ) or of p from a bin edge. */
  private static final double KINK_GAP = 1e-3;

  /**
   * A loss, whether a row (cosines, label) is safely away from its kinks, the input range, and
   * which region of the loss (fallback or not, ψ piece, bin) a row falls in, with how many regions
   * the random rows must reach for the check to mean anything.
   */
  record Subject(
      String name,
      ReferenceLoss loss,
      BiPredicate<double[], Integer> smoothAt,
      double range,
      ToIntBiFunction<double[], Integer> region,
      int minRegions) {
    Subject(String name, ReferenceLoss loss, double range) {
      this(name, loss, (c, y) -> true, range, (c, y) -> 0, 1);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> subjects() {
    return Stream.of(
            new Subject("normface s=16", new NormalizedSoftmaxLoss(16), 0.98),
            new Subject("cosface s=16 m=0.35", new CosFaceLoss(16, 0.35), 0.98),
            angular("arcface s=16 m=0.5", new ArcFaceLoss(16, 0.5), 1.0, 0.5),
            angular(
                "combined s=16 (1, 0.2, 0.3)", new CombinedMarginLoss(16, 1.0, 0.2, 0.3), 1.0, 0.3),
            angular(
                "combined s=16 (1.5, 0.1, 0.2)",
                new CombinedMarginLoss(16, 1.5, 0.1, 0.2),
                1.5,
                0.2),
            sphere("sphereface s=16 m1=4 lambda=5", new SphereFaceLoss(16, 4, 5.0)),
            sphere("sphereface s=16 m1=4 lambda=0", new SphereFaceLoss(16, 4, 0.0)),
            sphere("sphereface s=16 m1=3 lambda=1000", new SphereFaceLoss(16, 3, 1000.0)),
            new Subject("modulated s=16 a=-1", new ModulatedSoftmaxLoss(16, -1), 0.98),
            new Subject("modulated s=16 a=-1e4", new ModulatedSoftmaxLoss(16, -1e4), 0.98),
            new Subject("modulated s=32 a=-1e6", new ModulatedSoftmaxLoss(32, -1e6), 0.98),
            binned("modulated_local s=8 10 bins", localLoss(), 8, 10, 8),
            binned("amlfs s=8 6 bins", amLfsLoss(), 8, 6, 6),
            new Subject("plain softmax", new PlainSoftmaxLoss(), 6.0))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("subjects")
  void analyticGradientMatchesCentralDifferences(Subject subject) {
    Random rnd = new Random(subject.name().hashCode());
    Set<Integer> regions = new HashSet<>();
    for (int b = 0; b < BATCHES; b++) {
      double[][] cos = new double[N][K];
      int[] labels = new int[N];
      for (int i = 0; i < N; i++) {
        do {
          labels[i] = rnd.nextInt(K);
          for (int k = 0; k < K; k++) {
            cos[i][k] = subject.range() * (2 * rnd.nextDouble() - 1);
          }
        } while (!subject.smoothAt().test(cos[i], labels[i]));
        regions.add(subject.region().applyAsInt(cos[i], labels[i]));
      }
      double[][] analytic = subject.loss().gradSum(cos, labels);
      for (int i = 0; i < N; i++) {
        for (int k = 0; k < K; k++) {
          double numeric = centralDifference(subject.loss(), cos, labels, i, k);
          Close.assertClose(
              subject + " batch " + b + " d/dcos[" + i + "][" + k + "]",
              analytic[i][k],
              numeric,
              REL,
              ABS);
        }
      }
    }
    assertTrue(
        regions.size() >= subject.minRegions(),
        subject
            + ": random rows reached only regions "
            + regions
            + ", need "
            + subject.minRegions());
  }

  private static double centralDifference(
      ReferenceLoss loss, double[][] cos, int[] labels, int i, int k) {
    double keep = cos[i][k];
    cos[i][k] = keep + H;
    double up = sum(loss.perSample(cos, labels));
    cos[i][k] = keep - H;
    double down = sum(loss.perSample(cos, labels));
    cos[i][k] = keep;
    return (up - down) / (2 * H);
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  /**
   * A loss with a fallback where m1·θ + m3 > π: targets near the switch are redrawn, both sides
   * must occur.
   */
  private static Subject angular(String name, ReferenceLoss loss, double m1, double m3) {
    return new Subject(
        name,
        loss,
        (c, y) -> Math.abs(m1 * Math.acos(c[y]) + m3 - Math.PI) > KINK_GAP,
        0.98,
        (c, y) -> m1 * Math.acos(c[y]) + m3 > Math.PI ? 1 : 0,
        2);
  }

  /** SphereFace: every piece of ψ must occur, boundaries included (ψ is C¹ there). */
  private static Subject sphere(String name, SphereFaceLoss loss) {
    return new Subject(name, loss, (c, y) -> true, 0.999, (c, y) -> loss.piece(c[y]), loss.m1());
  }

  /** A binned loss: rows with p near a bin edge are redrawn; at least minBins bins must occur. */
  private static Subject binned(String name, ReferenceLoss loss, double s, int bins, int minBins) {
    return new Subject(
        name,
        loss,
        (c, y) -> {
          double scaled = trueClassProbability(s, c, y) * bins;
          return Math.abs(scaled - Math.rint(scaled)) > KINK_GAP * bins;
        },
        0.98,
        (c, y) -> ProbabilityBins.binOf(trueClassProbability(s, c, y), bins),
        minBins);
  }

  private static double trueClassProbability(double s, double[] c, int y) {
    double[] z = new double[c.length];
    for (int k = 0; k < c.length; k++) {
      z[k] = s * c[k];
    }
    return Math.exp(z[y] - SoftmaxRow.logSumExp(z, -1));
  }

  private static LocalModulatedSoftmaxLoss localLoss() {
    double[] a = new double[10];
    for (int j = 0; j < a.length; j++) {
      a[j] = -Math.pow(10, j / 2.0); // -1 … -3e4, distinct so a wrong bin shows
    }
    return new LocalModulatedSoftmaxLoss(8, a);
  }

  private static AmLfsLoss amLfsLoss() {
    return new AmLfsLoss(
        8,
        new double[] {0.9, 1.0, 0.8, 0.95, 0.85, 1.0},
        new double[] {0.05, 0.0, 0.1, 0.02, 0.0, 0.0});
  }
}
