package io.lfsbeam.metrics;

import java.util.Arrays;

/**
 * Small vector helpers for scoring face embeddings. All results are new double arrays; inputs are
 * never modified.
 *
 * <p>A zero vector has no direction: it normalises to the zero vector and has cosine 0 with
 * everything, so an untrained or collapsed model scores as "no information" instead of NaN. A
 * vector with a NaN or infinite component (a diverged model) is different: it normalises to all
 * NaN, so that its scores are NaN and the evaluation refuses them, rather than passing for a zero
 * vector that scores chance.
 */
public final class Embeddings {
  private Embeddings() {}

  /**
   * The vector divided by its Euclidean norm (the zero vector stays zero; a non-finite vector
   * becomes all NaN).
   */
  public static double[] l2normalize(double[] v) {
    double norm = norm(v);
    double[] out = new double[v.length];
    if (!Double.isFinite(norm)) {
      Arrays.fill(out, Double.NaN);
    } else if (norm > 0) {
      for (int i = 0; i < v.length; i++) {
        out[i] = v[i] / norm;
      }
    }
    return out;
  }

  public static double[] l2normalize(float[] v) {
    return l2normalize(toDouble(v));
  }

  /** Cosine similarity, in [−1, 1]; 0 when either vector is zero. */
  public static double cosine(double[] a, double[] b) {
    checkSameDimension(a, b);
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      return 0.0;
    }
    double c = dot / (Math.sqrt(na) * Math.sqrt(nb));
    return Math.max(-1.0, Math.min(1.0, c)); // rounding can overshoot by an ulp
  }

  public static double cosine(float[] a, float[] b) {
    return cosine(toDouble(a), toDouble(b));
  }

  /** Dot product; for L2-normalised vectors this is the cosine. */
  public static double dot(double[] a, double[] b) {
    checkSameDimension(a, b);
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot;
  }

  /**
   * Flip fusion: the embedding of an image plus the embedding of its mirror image, re-normalised.
   * The raw embeddings are summed (not normalised first), as in the common evaluation code.
   */
  public static double[] flipFusion(double[] embedding, double[] flippedEmbedding) {
    checkSameDimension(embedding, flippedEmbedding);
    double[] sum = new double[embedding.length];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = embedding[i] + flippedEmbedding[i];
    }
    return l2normalize(sum);
  }

  public static double[] flipFusion(float[] embedding, float[] flippedEmbedding) {
    return flipFusion(toDouble(embedding), toDouble(flippedEmbedding));
  }

  /** Whether every component is finite (no NaN, no ±∞). */
  public static boolean isFinite(float[] v) {
    for (float x : v) {
      if (!Float.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  public static double norm(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }

  public static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  /** The float vector nearest to {@code v}, element by element. */
  public static float[] toFloat(double[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }

  public static double[][] toDouble(float[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = toDouble(rows[i]);
    }
    return out;
  }

  private static void checkSameDimension(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "embedding dimensions differ: " + a.length + " vs " + b.length);
    }
  }
}
