package io.lfsbeam.search.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lfsbeam.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the independent PyTorch oracle {@code testvectors/policy.json}: the map x → a, the
 * normalised rewards, the REINFORCE gradient and one Adam step from zero moments.
 */
class PolicyTestVectorsTest {
  private static final double TOL = 1e-9;

  @TestFactory
  Stream<DynamicTest> everyCaseOfPolicyJson() throws IOException {
    Path file = SharedData.testVector("policy.json");
    JsonNode cases = new ObjectMapper().readTree(file.toFile()).get("cases");
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      tests.add(DynamicTest.dynamicTest("case " + i, () -> checkCase(c)));
    }
    return tests.stream();
  }

  private static void checkCase(JsonNode c) {
    double mu = c.get("mu").asDouble();
    double sigma = c.get("sigma").asDouble();
    double[] x = doubles(c.get("x"));
    double[] rewards = doubles(c.get("rewards"));
    JsonNode adamJson = c.get("adam");
    AdamOptimizer adam =
        new AdamOptimizer(
            adamJson.get("lr").asDouble(), adamJson.get("beta1").asDouble(),
            adamJson.get("beta2").asDouble(), adamJson.get("eps").asDouble());
    GaussianPolicy policy =
        GaussianPolicy.builder()
            .mode(PolicyMode.SEARCH)
            .sigma(sigma)
            .scale(32.0)
            .adam(adam)
            .initialMu(mu)
            .build();

    assertClose(c.get("a_eff_scale").asDouble(), SearchSpace.GLOBAL.amplitude(32.0), "e^{s/3}");
    double[] expectedA = doubles(c.get("a"));
    for (int m = 0; m < x.length; m++) {
      double a = policy.fromDraw(new double[] {x[m]}).a()[0];
      assertClose(expectedA[m], a, "a of x[" + m + "]");
    }

    double[] expectedNormalised = doubles(c.get("normalised_rewards"));
    double[] normalised = RewardNormalizer.normalise(rewards);
    for (int m = 0; m < x.length; m++) {
      assertClose(expectedNormalised[m], normalised[m], "normalised reward " + m);
    }

    List<double[]> samples = new ArrayList<>();
    for (double xm : x) {
      samples.add(new double[] {xm});
    }
    double grad = ReinforceGradient.ofPolicyLoss(samples, normalised, new double[] {mu}, sigma)[0];
    assertClose(c.get("grad_mu_of_policy_loss").asDouble(), grad, "gradient wrt mu");

    assertEquals(1, adamJson.get("t").asInt(), "the vectors hold one step from zero moments");
    GaussianPolicy next = policy.update(samples, rewards);
    assertClose(c.get("mu_after_one_adam_step").asDouble(), next.mu()[0], "mu after one Adam step");
    assertEquals(1, next.adamState().step());
  }

  /**
   * Absolute 1e-9 for values of order one, relative 1e-9 for large ones (a is in the thousands).
   */
  private static void assertClose(double expected, double actual, String what) {
    double tolerance = TOL * Math.max(1.0, Math.abs(expected));
    assertEquals(expected, actual, tolerance, what);
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
