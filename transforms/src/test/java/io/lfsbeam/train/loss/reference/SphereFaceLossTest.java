package io.lfsbeam.train.loss.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The SphereFace surrogate ψ and its annealing schedule. */
class SphereFaceLossTest {

  @Test
  void psiMatchesItsAngularDefinition() {
    for (int m1 = 1; m1 <= 5; m1++) {
      SphereFaceLoss loss = new SphereFaceLoss(30, m1, 5);
      for (int i = 0; i <= 2000; i++) {
        double theta = Math.PI * i / 2000.0;
        double c = Math.cos(theta);
        int k = (int) Math.min(Math.floor(m1 * Math.acos(c) / Math.PI), m1 - 1);
        double direct = Math.pow(-1, k) * Math.cos(m1 * Math.acos(c)) - 2 * k;
        Close.assertClose("psi m1=" + m1 + " theta=" + theta, direct, loss.psi(c), 0, 1e-9);
        // and dψ/dc = ψ'(θ)·dθ/dc = (−1)^{k+1} m1 sin(m1θ) · (−1/sin θ), away from sin θ = 0
        if (i > 0 && i < 2000) {
          double viaTheta = Math.pow(-1, k) * m1 * Math.sin(m1 * theta) / Math.sin(theta);
          Close.assertClose(
              "dpsi m1=" + m1 + " theta=" + theta, viaTheta, loss.psiDerivative(c), 1e-9, 1e-9);
        }
      }
    }
  }

  @Test
  void psiDecreasesFromOneToMinusTwoM1PlusOne() {
    int m1 = 4;
    SphereFaceLoss loss = new SphereFaceLoss(30, m1, 0);
    Close.assertClose("psi(theta=0)", 1.0, loss.psi(1.0), 0, 1e-15);
    Close.assertClose("psi(theta=pi)", -(2.0 * m1 - 1), loss.psi(-1.0), 0, 1e-12);
    double previous = Double.POSITIVE_INFINITY;
    for (int i = 0; i <= 4000; i++) {
      double value = loss.psi(Math.cos(Math.PI * i / 4000.0));
      assertTrue(value <= previous + 1e-12, "psi not decreasing at step " + i);
      previous = value;
    }
    // the exact derivative is finite at θ = 0 and π, where the angular form divides by sin θ = 0
    Close.assertClose("dpsi at c=1", (double) m1 * m1, loss.psiDerivative(1.0), 0, 1e-12);
    assertTrue(Double.isFinite(loss.psiDerivative(-1.0)));
  }

  @Test
  void psiIsContinuouslyDifferentiableAcrossPieces() {
    int m1 = 4;
    SphereFaceLoss loss = new SphereFaceLoss(30, m1, 0);
    for (int j = 1; j < m1; j++) {
      double boundary = j * Math.PI / m1;
      double before = Math.cos(boundary - 1e-9);
      double after = Math.cos(boundary + 1e-9);
      assertEquals(j - 1, loss.piece(before));
      assertEquals(j, loss.piece(after));
      Close.assertClose("psi jump at j=" + j, loss.psi(before), loss.psi(after), 0, 1e-7);
      Close.assertClose(
          "dpsi jump at j=" + j, loss.psiDerivative(before), loss.psiDerivative(after), 0, 1e-6);
    }
  }

  @Test
  void annealedTargetInterpolatesBetweenCosAndPsi() {
    double c = 0.3;
    Close.assertClose("lambda huge", c, new SphereFaceLoss(30, 4, 1e12).margined(c), 0, 1e-11);
    SphereFaceLoss pure = new SphereFaceLoss(30, 4, 0);
    Close.assertClose("lambda 0", pure.psi(c), pure.margined(c), 0, 0);
  }

  @Test
  void lambdaScheduleDecaysToItsFloor() {
    double base = 1000;
    double gamma = 1e-4;
    double power = 2;
    double min = 5;
    Close.assertClose("iter 0", base, SphereFaceLoss.lambda(0, base, gamma, power, min), 0, 0);
    // base·(1 + γ·iter)^−2 = 10 at 1 + γ·iter = 10
    Close.assertClose(
        "iter 90000", 10.0, SphereFaceLoss.lambda(90_000, base, gamma, power, min), 1e-12, 0);
    Close.assertClose(
        "late", min, SphereFaceLoss.lambda(10_000_000, base, gamma, power, min), 0, 0);
    double previous = Double.POSITIVE_INFINITY;
    for (long iter = 0; iter < 1_000_000; iter += 10_000) {
      double lambda = SphereFaceLoss.lambda(iter, base, gamma, power, min);
      assertTrue(lambda <= previous && lambda >= min, "iter " + iter);
      previous = lambda;
    }
    assertEquals(
        SphereFaceLoss.lambda(50_000, base, gamma, power, min),
        SphereFaceLoss.atIteration(30, 4, 50_000).lambda());
  }
}
