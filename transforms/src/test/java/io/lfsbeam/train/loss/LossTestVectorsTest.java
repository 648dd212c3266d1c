package io.lfsbeam.train.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tensorflow.types.TFloat32;

/**
 * Every case of {@code testvectors/losses.json} (float64 PyTorch autograd references): the float32
 * graph, built through {@link GraphLosses#of}, reproduces the per-sample loss and the gradient of
 * the summed loss with respect to the cosines.
 *
 * <p>Tolerance: 1e-4 relative plus an absolute floor. The floor is set by float32 itself: a logit
 * s·cos carries an input rounding of s·6e-8 ≈ 4e-6 at s = 64, so losses and gradients that are
 * differences of O(s) terms cannot be closer than a few 1e-6·s in absolute terms.
 */
class LossTestVectorsTest extends WithLossHarness {
  private static final double RELATIVE = 1e-4;
  private static final double ABSOLUTE_PER_SCALE = 2e-6;

  @TestFactory
  Stream<DynamicTest> everyCaseMatchesTheFloat64Reference() throws IOException {
    Path file = SharedData.testVector("losses.json");
    JsonNode cases = new ObjectMapper().readTree(file.toFile()).get("cases");
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      String name = i + ": " + c.get("loss").asText() + " " + c.get("params");
      tests.add(DynamicTest.dynamicTest(name, () -> check(c)));
    }
    return tests.stream();
  }

  private static void check(JsonNode c) {
    JsonNode p = c.get("params");
    double s = p.get("s").asDouble();
    GraphLoss loss =
        GraphLosses.of(family(c.get("loss").asText()), params(c.get("loss").asText(), p));
    LossHarness.Evaluation got =
        harness
            .compile(loss, TFloat32.class)
            .run(matrix(c.get("cos")), labels(c.get("labels")), 0L);
    double[] expectedLoss = vector(c.get("per_sample_loss"));
    double[][] expectedGrad = matrix(c.get("grad_sum_wrt_cos"));
    double floor = ABSOLUTE_PER_SCALE * s;
    double worstLoss = 0;
    double worstGrad = 0;
    for (int n = 0; n < expectedLoss.length; n++) {
      worstLoss = Math.max(worstLoss, excess(got.loss()[n], expectedLoss[n], floor));
      for (int k = 0; k < expectedGrad[n].length; k++) {
        worstGrad = Math.max(worstGrad, excess(got.grad()[n][k], expectedGrad[n][k], floor));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s %s: worst loss error %.3g, grad error %.3g (fraction of tolerance)%n",
        c.get("loss").asText(),
        p,
        worstLoss,
        worstGrad);
    assertTrue(
        worstLoss <= 1,
        () ->
            "per-sample loss off: "
                + Arrays.toString(got.loss())
                + " vs "
                + Arrays.toString(expectedLoss));
    assertTrue(
        worstGrad <= 1,
        () ->
            "gradient off: "
                + Arrays.deepToString(got.grad())
                + " vs "
                + Arrays.deepToString(expectedGrad));
  }

  /** |got − expected| as a fraction of the tolerance (≤ 1 passes); NaN fails. */
  private static double excess(double got, double expected, double floor) {
    double err = Math.abs(got - expected) / (RELATIVE * Math.abs(expected) + floor);
    return Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
  }

  private static LossFamily family(String loss) {
    switch (loss) {
      case "normface":
        return LossFamily.NORMFACE;
      case "cosface":
        return LossFamily.COSFACE;
      case "arcface":
        return LossFamily.ARCFACE;
      case "combined":
        return LossFamily.COMBINED;
      case "sphereface":
        return LossFamily.SPHEREFACE;
      case "modulated":
        return LossFamily.MODULATED;
      case "modulated_local":
        return LossFamily.MODULATED_LOCAL;
      case "amlfs":
        return LossFamily.AMLFS;
      default:
        throw new IllegalArgumentException("unknown loss in test vectors: " + loss);
    }
  }

  /** The test-vector parameter names mapped onto the LossParams record. */
  private static LossParams params(String loss, JsonNode p) {
    LossParams.Builder b = LossParams.newBuilder().setScale(p.get("s").asDouble());
    switch (loss) {
      case "cosface" -> b.setM2(p.get("m").asDouble());
      case "arcface" -> b.setM3(p.get("m").asDouble());
      case "combined" ->
          b.setM1(p.get("m1").asDouble())
              .setM2(p.get("m2").asDouble())
              .setM3(p.get("m3").asDouble());
      case "sphereface" -> {
        // A fixed λ as a schedule: base = min = λ, so λ(step) = λ (the cases are evaluated at step
        // 0).
        double lambda = p.get("lambda").asDouble();
        b.setM1(p.get("m1").asDouble()).setSphereLambdaMin(lambda).setSphereLambdaBase(lambda);
      }
      case "modulated" -> b.setA(p.get("a").asDouble());
      case "modulated_local" -> b.setABins(list(p.get("a_bins")));
      case "amlfs" -> b.setAlpha(list(p.get("alpha"))).setBeta(list(p.get("beta")));
      default -> {}
    }
    return b.build();
  }

  private static List<Double> list(JsonNode a) {
    List<Double> out = new ArrayList<>();
    a.forEach(v -> out.add(v.asDouble()));
    return out;
  }

  private static double[] vector(JsonNode a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asDouble();
    }
    return v;
  }

  private static double[][] matrix(JsonNode a) {
    double[][] m = new double[a.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vector(a.get(i));
    }
    return m;
  }

  private static int[] labels(JsonNode a) {
    int[] y = new int[a.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = a.get(i).asInt();
    }
    return y;
  }
}
