package io.lfsbeam.metrics;

/**
 * Closed-set identification (MegaFace style): each probe is ranked against a gallery of labelled
 * embeddings, optionally enlarged by distractor embeddings whose identities never match.
 *
 * <p>Similarity: cosine, i.e. the dot product of L2-normalised vectors (the gallery is normalised
 * once, not per probe).
 *
 * <p>Rank of a probe = 1 + the number of wrong gallery entries (other identities and distractors)
 * whose similarity is <b>greater than or equal to</b> the best similarity among entries of the
 * probe's own identity. Ties count against the probe, so a collapsed model that maps every face to
 * the same vector cannot score rank-1 hits by luck of ordering.
 *
 * <p>A probe whose identity has no gallery entry is a miss at every rank (it stays in the
 * denominator): silently dropping it would inflate the score of a gallery that lost identities.
 *
 * <p>Probes and gallery are separate sets: a probe image that also appears in the gallery will
 * match itself; leaving it out is the caller's job.
 */
public final class Identification {
  private Identification() {}

  public static IdentificationResult evaluate(
      double[][] gallery,
      int[] galleryIds,
      double[][] probes,
      int[] probeIds,
      double[][] distractors) {
    if (gallery.length != galleryIds.length) {
      throw new IllegalArgumentException(
          "gallery has " + gallery.length + " embeddings but " + galleryIds.length + " labels");
    }
    if (probes.length != probeIds.length) {
      throw new IllegalArgumentException(
          "probes have " + probes.length + " embeddings but " + probeIds.length + " labels");
    }
    double[][] g = normalizeAll(gallery);
    double[][] d = normalizeAll(distractors == null ? new double[0][] : distractors);
    int[] ranks = new int[probes.length];
    for (int p = 0; p < probes.length; p++) {
      ranks[p] = rank(Embeddings.l2normalize(probes[p]), probeIds[p], g, galleryIds, d);
    }
    return new IdentificationResult(ranks);
  }

  /** Without distractors. */
  public static IdentificationResult evaluate(
      double[][] gallery, int[] galleryIds, double[][] probes, int[] probeIds) {
    return evaluate(gallery, galleryIds, probes, probeIds, null);
  }

  public static IdentificationResult evaluate(
      float[][] gallery,
      int[] galleryIds,
      float[][] probes,
      int[] probeIds,
      float[][] distractors) {
    return evaluate(
        Embeddings.toDouble(gallery),
        galleryIds,
        Embeddings.toDouble(probes),
        probeIds,
        distractors == null ? null : Embeddings.toDouble(distractors));
  }

  private static int rank(
      double[] probe, int id, double[][] gallery, int[] galleryIds, double[][] distractors) {
    double best = Double.NEGATIVE_INFINITY;
    boolean found = false;
    for (int i = 0; i < gallery.length; i++) {
      if (galleryIds[i] == id) {
        found = true;
        best = Math.max(best, Embeddings.dot(probe, gallery[i]));
      }
    }
    if (!found) {
      return IdentificationResult.NOT_IN_GALLERY;
    }
    int ahead = 0;
    for (int i = 0; i < gallery.length; i++) {
      if (galleryIds[i] != id && Embeddings.dot(probe, gallery[i]) >= best) {
        ahead++;
      }
    }
    for (double[] distractor : distractors) {
      if (Embeddings.dot(probe, distractor) >= best) {
        ahead++;
      }
    }
    return ahead + 1;
  }

  private static double[][] normalizeAll(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = Embeddings.l2normalize(rows[i]);
    }
    return out;
  }
}
