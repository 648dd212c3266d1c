package io.lfsbeam.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IdentificationTest {

  /** A 2-D unit vector at the given angle, scaled so normalisation matters. */
  private static double[] at(double degrees, double length) {
    double r = Math.toRadians(degrees);
    return new double[] {length * Math.cos(r), length * Math.sin(r)};
  }

  // Gallery: identity 1 at 0°, 2 at 90°, 3 at 180°, 4 at 270° (lengths differ on purpose).
  private static final double[][] GALLERY = {at(0, 5), at(90, 0.2), at(180, 1), at(270, 3)};
  private static final int[] GALLERY_IDS = {1, 2, 3, 4};
  // Probes: identity 1 at 10° (nearest 0° → rank 1); identity 2 at 40° (0° is 40° away, 90° is 50°
  // away → rank 2); identity 9 has no gallery image (miss at every rank).
  private static final double[][] PROBES = {at(10, 1), at(40, 7), at(123, 1)};
  private static final int[] PROBE_IDS = {1, 2, 9};

  @Test
  void ranksOnAConstructedGallery() {
    IdentificationResult r = Identification.evaluate(GALLERY, GALLERY_IDS, PROBES, PROBE_IDS);
    assertEquals(1, r.rank(0));
    assertEquals(2, r.rank(1));
    assertEquals(IdentificationResult.NOT_IN_GALLERY, r.rank(2));
    assertEquals(1.0 / 3, r.rank1(), 1e-15);
    assertEquals(2.0 / 3, r.rank5(), 1e-15);
    assertEquals(1, r.probesNotInGallery());
  }

  @Test
  void distractorsStealRankOne() {
    // Identity-1 probe (10°): the distractor at 12° is 2° away, its true match 10° away → rank 2.
    // Identity-2 probe (40°, true match 50° away): ahead of it are 60° (20°), 12° (28°) and the
    // identity-1 image at 0° (40°) → rank 4. The distractor at 200° is behind everything.
    double[][] distractors = {at(12, 1), at(60, 9), at(200, 1)};
    IdentificationResult r =
        Identification.evaluate(GALLERY, GALLERY_IDS, PROBES, PROBE_IDS, distractors);
    assertEquals(2, r.rank(0));
    assertEquals(4, r.rank(1));
    assertEquals(0.0, r.rank1());
    assertEquals(1.0 / 3, r.rankAccuracy(3), 1e-15);
    assertEquals(2.0 / 3, r.rankAccuracy(4), 1e-15);
    assertEquals(2.0 / 3, r.rank5(), 1e-15);
  }

  @Test
  void bestImageOfTheIdentityCounts() {
    // Identity 1 has two gallery images, 0° and 45°. The identity-1 probe (10°) matches through its
    // nearest one (0°) at rank 1; for the identity-2 probe (40°, true match 50° away) both
    // identity-1
    // images (5° and 40° away) are wrong entries ahead of it → rank 3.
    double[][] gallery = {at(0, 1), at(90, 1), at(45, 1)};
    int[] ids = {1, 2, 1};
    IdentificationResult r = Identification.evaluate(gallery, ids, PROBES, PROBE_IDS);
    assertEquals(1, r.rank(0));
    assertEquals(3, r.rank(1));
  }

  @Test
  void tiesCountAgainstTheProbe() {
    // A collapsed model: every embedding identical. Nobody is rank 1.
    float[][] gallery = {{1, 1}, {1, 1}, {1, 1}};
    float[][] probes = {{2, 2}, {3, 3}};
    IdentificationResult r =
        Identification.evaluate(gallery, new int[] {1, 2, 3}, probes, new int[] {1, 2}, null);
    assertEquals(0.0, r.rank1());
    assertEquals(3, r.rank(0));
  }
}
