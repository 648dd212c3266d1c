package io.lfsbeam.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.testing.SharedData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/**
 * The modern margins against {@code testvectors/modern_losses.json}: float64 values computed by
 * following each loss's official code line by line (numpy), two consecutive steps per case with the
 * running state before and after each (see the copy's PROVENANCE.md).
 *
 * <p>For every case this test builds the loss through {@link GraphLosses#of} (so the family and
 * parameter mapping is under test too), feeds the case's cosines, labels, norms, state before the
 * step and, for ElasticFace, the standard-normal draws that reproduce the case's drawn margins, and
 * checks the per-sample loss, the gradient of the summed loss with respect to the cosines (the
 * vectors' autograd values, which agree with their central differences to ~1e-8), the state the
 * loss writes (CurricularFace's t, AdaFace's mean and unbiased std) and, for MagFace, the gradient
 * with respect to the norms (the vectors' central differences). In float64 the tolerance is 1e-9
 * relative plus 1e-9 absolute (1e-6 for the finite-difference norm gradients); in float32, the
 * training precision, that of {@code LossTestVectorsTest} (1e-4 relative plus 2e-6·s absolute).
 */
class ModernLossVectorsTest extends WithLossHarness {
  private static final List<String> CASES =
      List.of(
          "curricularface",
          "adaface",
          "magface",
          "magface_no_easy_margin",
          "elasticface_arc",
          "elasticface_cos",
          "elasticface_arc_plus",
          "elasticface_cos_plus",
          "elasticface_arc_plus_intended_order");

  /** Our state names and the vectors' keys. */
  private static final Map<String, String> STATE_KEYS =
      Map.of(
          CurricularFace.T, "t",
          AdaFace.MEAN, "batch_mean",
          AdaFace.STD, "batch_std");

  @TestFactory
  Stream<DynamicTest> everyCaseAndStepMatchesTheOfficialCode() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases()) {
      String name = c.get("loss").asText();
      if (!CASES.contains(name)) {
        continue;
      }
      for (Class<? extends TFloating> type : List.of(TFloat64.class, TFloat32.class)) {
        tests.add(
            DynamicTest.dynamicTest(name + " " + type.getSimpleName(), () -> checkCase(c, type)));
      }
    }
    assertEquals(CASES.size() * 2, tests.size(), "a case of the list is missing from the vectors");
    return tests.stream();
  }

  private static void checkCase(JsonNode c, Class<? extends TFloating> type) {
    String name = c.get("loss").asText();
    JsonNode p = c.get("params");
    double s = p.get("s").asDouble();
    boolean magFace = name.startsWith("magface");
    boolean f64 = type == TFloat64.class;
    double rel = f64 ? 1e-9 : 1e-4;
    double abs = f64 ? 1e-9 : 2e-6 * s;
    FedLossInputs loss =
        new FedLossInputs(harness, GraphLosses.of(family(name), params(name, p)), type, magFace);
    for (JsonNode step : c.get("steps")) {
      String at = name + " step " + step.get("step").asInt();
      Map<String, Double> before = state(step.get("state_before"));
      FedLossInputs.Run run =
          loss.run(
              matrix(step.get("cos")),
              labels(step.get("labels")),
              vector(step.get("norms")),
              before,
              draws(name, p, step));
      LossAssertions.assertClose(
          vector(step.get("per_sample_loss")), run.loss(), rel, abs, at + " per-sample loss");
      double mean = Arrays.stream(run.loss()).average().orElseThrow();
      assertEquals(step.get("loss").asDouble(), mean, rel * Math.abs(mean) + abs, at + " mean");
      LossAssertions.assertClose(
          matrix(step.get("grad_sum_wrt_cos_autograd")),
          run.gradCos(),
          rel,
          abs,
          at + " d(sum loss)/d(cos)");
      if (magFace) {
        LossAssertions.assertClose(
            vector(step.get("grad_sum_wrt_norm_fd")),
            run.gradNorms(),
            f64 ? 1e-5 : 1e-3,
            f64 ? 1e-6 : 1e-4,
            at + " d(sum loss)/d(norms)");
      }
      Map<String, Double> after = state(step.get("state_after"));
      assertEquals(after.keySet(), run.state().keySet(), at + ": the state the loss writes");
      for (Map.Entry<String, Double> e : after.entrySet()) {
        double want = e.getValue();
        assertEquals(
            want,
            run.state().get(e.getKey()),
            (f64 ? 1e-12 : 1e-6) * Math.max(1, Math.abs(want)),
            at + " state " + e.getKey() + " after the step");
      }
      System.out.printf(
          Locale.ROOT, "%s %s: loss %.6f, state after %s%n", at, type.getSimpleName(), mean, after);
    }
  }

  /**
   * ElasticFace+'s matching of sorted margins to samples: the vectors' assigned margins from their
   * drawn ones and the cases' target cosines, in the official order and in the intended one.
   */
  @Test
  void plusVariantsAssignTheDrawnMarginsAsTheVectorsDo() throws IOException {
    int checked = 0;
    for (JsonNode c : cases()) {
      String name = c.get("loss").asText();
      if (!name.startsWith("elasticface") || !c.get("params").get("plus").asBoolean()) {
        continue;
      }
      ElasticFace.Order order =
          name.endsWith("intended_order") ? ElasticFace.Order.INTENDED : ElasticFace.Order.OFFICIAL;
      for (JsonNode step : c.get("steps")) {
        double[][] cos = matrix(step.get("cos"));
        int[] y = labels(step.get("labels"));
        double[] cosY = new double[y.length];
        for (int i = 0; i < y.length; i++) {
          cosY[i] = cos[i][y[i]];
        }
        Operand<TFloat64> assigned =
            ElasticFace.assign(
                harness.tf,
                harness.tf.constant(vector(step.get("extra").get("margins_drawn"))),
                harness.tf.constant(cosY),
                order);
        double[] got = harness.fetch(List.of(), List.of(), List.of(assigned)).get(0);
        assertTrue(
            Arrays.equals(vector(step.get("extra").get("margins_assigned")), got),
            name + " step " + step.get("step") + ": " + Arrays.toString(got));
        checked++;
      }
    }
    assertEquals(6, checked, "three plus cases of two steps each");
  }

  /** The official order is not the intended one on these vectors: the two differ. */
  @Test
  void theOfficialAndIntendedOrdersDiffer() throws IOException {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    cases().forEach(c -> byName.put(c.get("loss").asText(), c));
    JsonNode official = byName.get("elasticface_arc_plus").get("steps").get(0);
    JsonNode intended = byName.get("elasticface_arc_plus_intended_order").get("steps").get(0);
    assertEquals(official.get("cos"), intended.get("cos"));
    assertTrue(
        !official.get("per_sample_loss").equals(intended.get("per_sample_loss")),
        "the two orders give different losses, so the test above tells them apart");
  }

  @Test
  void magFaceMinimumLambdaIsTheCodesBound() throws IOException {
    for (JsonNode c : cases()) {
      if (c.get("loss").asText().equals("magface")) {
        JsonNode p = c.get("params");
        assertEquals(
            c.get("steps").get(0).get("extra").get("min_lambda_g").asDouble(),
            MagFace.minimumLambda(
                p.get("s").asDouble(),
                p.get("l_a").asDouble(),
                p.get("u_a").asDouble(),
                p.get("l_margin").asDouble(),
                p.get("u_margin").asDouble()),
            1e-12);
        return;
      }
    }
    throw new AssertionError("no magface case in the vectors");
  }

  static List<JsonNode> cases() throws IOException {
    JsonNode root =
        new ObjectMapper().readTree(SharedData.testVector("modern_losses.json").toFile());
    List<JsonNode> out = new ArrayList<>();
    root.get("cases").forEach(out::add);
    return out;
  }

  static LossFamily family(String name) {
    return switch (name) {
      case "curricularface" -> LossFamily.CURRICULARFACE;
      case "adaface" -> LossFamily.ADAFACE;
      case "magface", "magface_no_easy_margin" -> LossFamily.MAGFACE;
      case "elasticface_arc" -> LossFamily.ELASTICFACE_ARC;
      case "elasticface_cos" -> LossFamily.ELASTICFACE_COS;
      case "elasticface_arc_plus", "elasticface_arc_plus_intended_order" ->
          LossFamily.ELASTICFACE_ARC_PLUS;
      case "elasticface_cos_plus" -> LossFamily.ELASTICFACE_COS_PLUS;
      default -> throw new IllegalArgumentException("no family for " + name);
    };
  }

  /** The vectors' parameter names mapped onto LossParams (their meaning: BASELINES.md). */
  static LossParams params(String name, JsonNode p) {
    LossParams.Builder b = LossParams.newBuilder().setScale(p.get("s").asDouble());
    switch (family(name)) {
      case CURRICULARFACE -> {
        assertEquals(0.0, p.get("t0").asDouble(), "t starts at 0");
        b.setM3(p.get("m").asDouble()).setCurricularAlpha(p.get("alpha").asDouble());
      }
      case ADAFACE -> {
        assertEquals(AdaFace.EPS, p.get("eps").asDouble(), "the code's epsilon");
        b.setM2(p.get("m").asDouble())
            .setAdaH(p.get("h").asDouble())
            .setAdaAlpha(p.get("t_alpha").asDouble())
            .setAdaInitialMean(p.get("batch_mean0").asDouble())
            .setAdaInitialStd(p.get("batch_std0").asDouble());
      }
      case MAGFACE ->
          b.setMagLowerNorm(p.get("l_a").asDouble())
              .setMagUpperNorm(p.get("u_a").asDouble())
              .setMagLowerMargin(p.get("l_margin").asDouble())
              .setMagUpperMargin(p.get("u_margin").asDouble())
              .setMagLambda(p.get("lambda_g").asDouble())
              .setMagEasyMargin(p.get("easy_margin").asBoolean());
      case ELASTICFACE_ARC, ELASTICFACE_ARC_PLUS ->
          b.setM3(p.get("m").asDouble()).setElasticStd(p.get("std").asDouble());
      case ELASTICFACE_COS, ELASTICFACE_COS_PLUS ->
          b.setM2(p.get("m").asDouble()).setElasticStd(p.get("std").asDouble());
      default -> throw new IllegalArgumentException(name);
    }
    if (name.endsWith("intended_order")) {
      b.setElasticOrder("intended");
    }
    return b.build();
  }

  /**
   * The N(0, 1) draws z with m + σ·z = the case's drawn margins (zeros for the other losses, which
   * do not read them).
   */
  private static double[] draws(String name, JsonNode p, JsonNode step) {
    int n = step.get("labels").size();
    if (!name.startsWith("elasticface")) {
      return new double[n];
    }
    double[] drawn = vector(step.get("extra").get("margins_drawn"));
    double m = p.get("m").asDouble();
    double std = p.get("std").asDouble();
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = (drawn[i] - m) / std;
    }
    return z;
  }

  /**
   * The running state of a step. ElasticFace's vectors also list the margins of the last draw under
   * the state; nothing carries them to the next step (each step draws afresh), so they are checked
   * as the draws above, not as state.
   */
  private static Map<String, Double> state(JsonNode node) {
    Map<String, Double> out = new LinkedHashMap<>();
    int records = node.has("last_margins_drawn") ? 1 : 0;
    STATE_KEYS.forEach(
        (ours, theirs) -> {
          if (node.has(theirs)) {
            out.put(ours, node.get(theirs).asDouble());
          }
        });
    assertEquals(
        node.size(), out.size() + records, "a state key of the vectors is not mapped: " + node);
    return out;
  }

  static double[] vector(JsonNode a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asDouble();
    }
    return v;
  }

  static double[][] matrix(JsonNode a) {
    double[][] m = new double[a.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vector(a.get(i));
    }
    return m;
  }

  static int[] labels(JsonNode a) {
    int[] y = new int[a.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = a.get(i).asInt();
    }
    return y;
  }
}
