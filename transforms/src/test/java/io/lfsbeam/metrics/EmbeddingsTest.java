package io.lfsbeam.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {

  @Test
  void normalisesToUnitLengthWithoutTouchingTheInput() {
    double[] v = {3, 4};
    assertArrayEquals(new double[] {0.6, 0.8}, Embeddings.l2normalize(v), 1e-15);
    assertArrayEquals(new double[] {3, 4}, v);
    assertArrayEquals(new double[] {0.6, 0.8}, Embeddings.l2normalize(new float[] {3f, 4f}), 1e-15);
    assertArrayEquals(new double[] {0, 0}, Embeddings.l2normalize(new double[] {0, 0}));
  }

  @Test
  void cosineIgnoresLength() {
    assertEquals(1.0, Embeddings.cosine(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-15);
    assertEquals(-1.0, Embeddings.cosine(new double[] {1, 0}, new double[] {-5, 0}), 1e-15);
    assertEquals(0.0, Embeddings.cosine(new double[] {1, 0}, new double[] {0, 7}), 1e-15);
    // (1,1)·(1,0) / (√2 · 1) = 1/√2.
    assertEquals(1 / Math.sqrt(2), Embeddings.cosine(new float[] {1, 1}, new float[] {1, 0}), 1e-7);
    assertEquals(0.0, Embeddings.cosine(new double[] {0, 0}, new double[] {1, 0}));
    assertThrows(
        IllegalArgumentException.class, () -> Embeddings.cosine(new double[2], new double[3]));
  }

  @Test
  void flipFusionSumsRawEmbeddingsThenNormalises() {
    // (3,0) + (0,1) = (3,1) → (3,1)/√10. Normalising first would give (1,1)/√2 instead.
    double[] fused = Embeddings.flipFusion(new double[] {3, 0}, new double[] {0, 1});
    assertArrayEquals(new double[] {3 / Math.sqrt(10), 1 / Math.sqrt(10)}, fused, 1e-15);
    assertEquals(
        1.0,
        Embeddings.norm(Embeddings.flipFusion(new float[] {1, 2, 3}, new float[] {-1, 5, 0})),
        1e-15);
  }

  @Test
  void aZeroVectorStaysZeroButANonFiniteOneBecomesNaN() {
    assertArrayEquals(new double[] {0, 0}, Embeddings.l2normalize(new double[] {0, 0}), 0);
    for (double[] bad :
        new double[][] {
          {Double.NaN, 1}, {Double.POSITIVE_INFINITY, 1}, {1, Double.NEGATIVE_INFINITY}
        }) {
      double[] n = Embeddings.l2normalize(bad);
      assertTrue(Double.isNaN(n[0]) && Double.isNaN(n[1]), Arrays.toString(bad));
      assertTrue(Double.isNaN(Embeddings.cosine(n, new double[] {1, 0})));
    }
    assertTrue(Embeddings.isFinite(new float[] {1, -2}));
    assertFalse(Embeddings.isFinite(new float[] {1, Float.NaN}));
  }
}
