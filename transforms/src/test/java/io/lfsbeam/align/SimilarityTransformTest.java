package io.lfsbeam.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lfsbeam.testing.SharedData;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SimilarityTransformTest {

  @Test
  void recoversKnownRandomSimilaritiesFromExactPoints() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      double scale = 0.05 + rnd.nextDouble() * 5;
      double angle = (rnd.nextDouble() * 2 - 1) * Math.PI * 0.999;
      double tx = (rnd.nextDouble() - 0.5) * 400, ty = (rnd.nextDouble() - 0.5) * 400;
      int n = 2 + rnd.nextInt(6);
      double[][] src = new double[n][];
      double[][] dst = new double[n][];
      for (int i = 0; i < n; i++) {
        src[i] = new double[] {rnd.nextDouble() * 250, rnd.nextDouble() * 250};
        double c = Math.cos(angle), s = Math.sin(angle);
        dst[i] =
            new double[] {
              scale * (c * src[i][0] - s * src[i][1]) + tx,
              scale * (s * src[i][0] + c * src[i][1]) + ty
            };
      }
      SimilarityTransform t = SimilarityTransform.estimate(src, dst);
      assertEquals(scale, t.scale(), 1e-6 * scale, "scale, trial " + trial);
      assertEquals(angle, t.rotation(), 1e-6, "rotation, trial " + trial);
      assertEquals(tx, t.translationX(), 1e-6, "tx, trial " + trial);
      assertEquals(ty, t.translationY(), 1e-6, "ty, trial " + trial);
      assertEquals(0, t.rmsResidual(src, dst), 1e-6);
    }
  }

  @Test
  void matchesScikitImageReferenceVectorsIncludingTheMirroredCase() throws Exception {
    Path file = SharedData.testVector("similarity.json");
    JsonNode cases = new ObjectMapper().readTree(file.toFile()).get("cases");
    assertTrue(cases.size() > 0, "similarity.json has no cases");
    for (int k = 0; k < cases.size(); k++) {
      JsonNode c = cases.get(k);
      double[][] src = points(c.get("src"));
      double[][] dst = points(c.get("dst"));
      SimilarityTransform t = SimilarityTransform.estimate(src, dst);
      double[] expected = new double[6];
      for (int r = 0; r < 2; r++) {
        for (int col = 0; col < 3; col++) {
          expected[r * 3 + col] = c.get("matrix_2x3").get(r).get(col).asDouble();
        }
      }
      assertArrayEquals(expected, t.matrix2x3(), 1e-6, "matrix_2x3 of case " + k);
      assertEquals(
          c.get("rms_residual").asDouble(),
          t.rmsResidual(src, dst),
          1e-6,
          "rms_residual of case " + k);
      // Never a reflection, even for the mirrored set: det of the linear part is scale^2 > 0.
      double[] m = t.matrix2x3();
      assertTrue(m[0] * m[4] - m[1] * m[3] > 0, "case " + k + " must not mirror");
    }
  }

  @Test
  void mirroredInputGivesTheBestProperSimilarity() {
    // A point set mirrored left-right: no proper similarity fits it exactly.
    double[][] dst = FaceTemplate.ARCFACE_112x112.points();
    double[][] src = new double[5][];
    SimilarityTransform squash = SimilarityTransform.of(2.0, 0.3, 40, 20);
    for (int i = 0; i < 5; i++) {
      double[] p = squash.apply(-dst[i][0] + 0.7 * i, dst[i][1]); // mirror, plus a little asymmetry
      src[i] = p;
    }
    SimilarityTransform t = SimilarityTransform.estimate(src, dst);
    double best = t.rmsResidual(src, dst);
    // Least squares: no nearby proper similarity does better.
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 2000; i++) {
      double eps = Math.pow(10, -1 - 4 * rnd.nextDouble());
      SimilarityTransform p =
          SimilarityTransform.of(
              t.scale() * (1 + eps * (rnd.nextDouble() - 0.5)),
              t.rotation() + eps * (rnd.nextDouble() - 0.5),
              t.translationX() + eps * 10 * (rnd.nextDouble() - 0.5),
              t.translationY() + eps * 10 * (rnd.nextDouble() - 0.5));
      assertTrue(
          p.rmsResidual(src, dst) >= best - 1e-12, "a perturbed similarity fits better: " + p);
    }
  }

  @Test
  void inverseUndoesTheTransform() {
    SimilarityTransform t = SimilarityTransform.of(0.37, -2.1, 12.5, -80);
    SimilarityTransform inv = t.inverse();
    double[] p = t.apply(33.3, -7.25);
    assertArrayEquals(new double[] {33.3, -7.25}, inv.apply(p[0], p[1]), 1e-9);
    assertEquals(1 / 0.37, inv.scale(), 1e-12);
    assertEquals(2.1, inv.rotation(), 1e-12);
  }

  @Test
  void matrixAndApplyAgree() {
    SimilarityTransform t = SimilarityTransform.of(1.7, 0.4, -3, 9);
    double[] m = t.matrix2x3();
    double[] p = t.apply(10, 20);
    assertEquals(m[0] * 10 + m[1] * 20 + m[2], p[0], 1e-12);
    assertEquals(m[3] * 10 + m[4] * 20 + m[5], p[1], 1e-12);
    assertEquals(m[0], m[4], 0); // a similarity: equal diagonal, opposite off-diagonal
    assertEquals(-m[1], m[3], 0);
  }

  @Test
  void refusesDegenerateInputWithAClearMessage() {
    double[][] dst = {{0, 0}, {1, 0}, {0, 1}};
    assertMessage(
        "at least 2",
        () -> SimilarityTransform.estimate(new double[][] {{1, 2}}, new double[][] {{3, 4}}));
    assertMessage(
        "at least 2", () -> SimilarityTransform.estimate(new double[0][], new double[0][]));
    assertMessage(
        "coincide",
        () -> SimilarityTransform.estimate(new double[][] {{5, 5}, {5, 5}, {5, 5}}, dst));
    assertMessage(
        "not finite",
        () -> SimilarityTransform.estimate(new double[][] {{0, 0}, {Double.NaN, 0}, {0, 1}}, dst));
    assertMessage(
        "not finite",
        () ->
            SimilarityTransform.estimate(
                new double[][] {{0, 0}, {1, 0}, {0, Double.POSITIVE_INFINITY}}, dst));
    assertMessage(
        "same number", () -> SimilarityTransform.estimate(new double[][] {{0, 0}, {1, 1}}, dst));
    assertMessage("null", () -> SimilarityTransform.estimate(null, dst));
    assertMessage(
        "pair", () -> SimilarityTransform.estimate(new double[][] {{0, 0}, {1}, {2, 2}}, dst));
    assertMessage(
        "zero scale",
        () -> SimilarityTransform.estimate(dst, new double[][] {{4, 4}, {4, 4}, {4, 4}}));
  }

  private static void assertMessage(String fragment, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(
        e.getMessage().contains(fragment),
        "message '" + e.getMessage() + "' should mention '" + fragment + "'");
  }

  private static double[][] points(JsonNode node) {
    double[][] p = new double[node.size()][2];
    for (int i = 0; i < node.size(); i++) {
      p[i][0] = node.get(i).get(0).asDouble();
      p[i][1] = node.get(i).get(1).asDouble();
    }
    return p;
  }
}
