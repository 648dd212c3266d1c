package io.lfsbeam.train.loss.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every case of the independent float64 test vectors (PyTorch autograd) against the references. */
class ReferenceLossVectorsTest {
  private static final double REL = 1e-6;
  private static final double LOSS_ABS = 1e-12;
  private static final double GRAD_ABS = 1e-9;

  /** Builds the reference loss a case describes, with the param names the vectors use. */
  static ReferenceLoss lossFor(LossVectors.Case c) {
    double s = c.scalar("s");
    return switch (c.loss()) {
      case "normface" -> new NormalizedSoftmaxLoss(s);
      case "cosface" -> new CosFaceLoss(s, c.scalar("m"));
      case "arcface" -> new ArcFaceLoss(s, c.scalar("m"));
      case "combined" -> new CombinedMarginLoss(s, c.scalar("m1"), c.scalar("m2"), c.scalar("m3"));
      case "sphereface" -> new SphereFaceLoss(s, (int) c.scalar("m1"), c.scalar("lambda"));
      case "modulated" -> new ModulatedSoftmaxLoss(s, c.scalar("a"));
      case "modulated_local" -> new LocalModulatedSoftmaxLoss(s, c.vector("a_bins"));
      case "amlfs" -> new AmLfsLoss(s, c.vector("alpha"), c.vector("beta"));
      default -> throw new IllegalArgumentException(c + ": unknown loss " + c.loss());
    };
  }

  @TestFactory
  Stream<DynamicTest> everyCaseMatchesTheOracle() {
    return LossVectors.load().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.toString(),
                    () -> {
                      ReferenceLoss loss = lossFor(c);
                      Close.assertClose(
                          c + " per-sample loss",
                          c.perSampleLoss(),
                          loss.perSample(c.cos(), c.labels()),
                          REL,
                          LOSS_ABS);
                      Close.assertClose(
                          c + " grad of sum wrt cos",
                          c.gradSum(),
                          loss.gradSum(c.cos(), c.labels()),
                          REL,
                          GRAD_ABS);
                    }));
  }

  @Test
  void theVectorsCoverEveryLossFamily() {
    List<LossVectors.Case> cases = LossVectors.load();
    assertFalse(cases.isEmpty(), "no cases read");
    Set<String> families = new TreeSet<>();
    cases.forEach(c -> families.add(c.loss()));
    assertEquals(
        new TreeSet<>(
            List.of(
                "normface",
                "cosface",
                "arcface",
                "combined",
                "sphereface",
                "modulated",
                "modulated_local",
                "amlfs")),
        families);
  }
}
