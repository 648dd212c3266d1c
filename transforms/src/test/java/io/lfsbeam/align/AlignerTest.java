package io.lfsbeam.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.image.RgbImage;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlignerTest {
  private static final int W = 250, H = 250;
  private static final int[][] COLOURS = {
    {255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}, {0, 255, 255}
  };

  /** Landmarks of a face placed in a 250x250 image by a known similarity (template → image). */
  private static double[][] landmarksIn(FaceTemplate t, SimilarityTransform templateToImage) {
    return templateToImage.apply(t.points());
  }

  @Test
  void noiselessLandmarksLandOnTheTemplate() {
    for (FaceTemplate t :
        new FaceTemplate[] {FaceTemplate.ARCFACE_112x112, FaceTemplate.ARCFACE_112x96}) {
      SimilarityTransform place = SimilarityTransform.of(1.6, 0.25, 70, 40);
      double[][] lm = landmarksIn(t, place);
      AlignResult r = new Aligner(AlignOptions.builder().template(t).build()).align(blank(), lm);
      assertTrue(r.isAligned(), r.toString());
      assertEquals(t.width(), r.width());
      assertEquals(t.height(), r.height());
      assertEquals(0, r.residual().getAsDouble(), 1e-9);
      double[] m = r.matrix();
      double[][] target = t.points();
      for (int i = 0; i < 5; i++) {
        assertEquals(target[i][0], m[0] * lm[i][0] + m[1] * lm[i][1] + m[2], 1e-9);
        assertEquals(target[i][1], m[3] * lm[i][0] + m[4] * lm[i][1] + m[5], 1e-9);
      }
      assertEquals(t.name(), r.geometry());
      assertEquals(AlignMethod.LANDMARKS, r.method());
    }
  }

  @Test
  void warpedPixelsCarryTheLandmarkColoursToTheTemplatePositions() {
    FaceTemplate t = FaceTemplate.ARCFACE_112x112;
    double[][] lm = landmarksIn(t, SimilarityTransform.of(1.6, -0.3, 50, 60));
    byte[] rgb = new byte[W * H * 3];
    for (int i = 0; i < 5; i++) { // a disc of radius 5 px in a distinct colour at each landmark
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          if (Math.hypot(x - lm[i][0], y - lm[i][1]) <= 5) {
            for (int c = 0; c < 3; c++) {
              rgb[(y * W + x) * 3 + c] = (byte) COLOURS[i][c];
            }
          }
        }
      }
    }
    AlignResult r = new Aligner(AlignOptions.defaults()).align(new RgbImage(rgb, W, H), lm);
    assertTrue(r.isAligned(), r.toString());
    double[][] target = t.points();
    for (int i = 0; i < 5; i++) {
      int x = (int) Math.round(target[i][0]), y = (int) Math.round(target[i][1]);
      for (int c = 0; c < 3; c++) {
        assertEquals(
            COLOURS[i][c], r.image().sample(x, y, c), 2, "landmark " + i + " channel " + c);
      }
    }
  }

  @Test
  void noisyLandmarksReportTheirResidual() {
    double[][] lm =
        landmarksIn(FaceTemplate.ARCFACE_112x112, SimilarityTransform.of(1.0, 0, 70, 70));
    lm[2][0] += 3; // nose off by 3 source px = 3 template px at scale 1
    AlignResult r = new Aligner(AlignOptions.defaults()).align(blank(), lm);
    assertTrue(r.isAligned());
    double res = r.residual().getAsDouble();
    assertTrue(res > 0.5 && res < 3, "residual " + res);
  }

  @Test
  void missingLandmarksAreRefused() {
    Aligner a = new Aligner(AlignOptions.defaults());
    assertReason(a.align(blank(), null), AlignFailureReason.LANDMARKS_MISSING);
    assertReason(a.align(blank(), new double[0][]), AlignFailureReason.LANDMARKS_MISSING);
    assertReason(
        a.align(blank(), new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}}),
        AlignFailureReason.LANDMARKS_MISSING);
    double[][] lm = good();
    lm[3] = new double[] {1};
    assertReason(a.align(blank(), lm), AlignFailureReason.LANDMARKS_MISSING);
  }

  @Test
  void nonFiniteLandmarksAreRefused() {
    double[][] lm = good();
    lm[4][1] = Double.NaN;
    assertReason(
        new Aligner(AlignOptions.defaults()).align(blank(), lm), AlignFailureReason.LANDMARKS_NAN);
    lm = good();
    lm[0][0] = Double.NEGATIVE_INFINITY;
    assertReason(
        new Aligner(AlignOptions.defaults()).align(blank(), lm), AlignFailureReason.LANDMARKS_NAN);
  }

  @Test
  void landmarksOutsideTheImageAreRefusedBeyondTheMargin() {
    Aligner a = new Aligner(AlignOptions.defaults()); // margin 5% of 250 = 12.5 px
    double[][] lm = good();
    lm[3][1] = H + 20;
    assertReason(a.align(blank(), lm), AlignFailureReason.LANDMARKS_OUT_OF_IMAGE);
    lm = good();
    lm[0][0] = -30;
    assertReason(a.align(blank(), lm), AlignFailureReason.LANDMARKS_OUT_OF_IMAGE);
    double[][] slightly =
        landmarksIn(FaceTemplate.ARCFACE_112x112, SimilarityTransform.of(1.5, 0, 100, 117));
    assertTrue(
        slightly[3][1] > H - 0.5 && slightly[3][1] < H + 12,
        "test setup: mouth just below the image");
    assertTrue(a.align(blank(), slightly).isAligned(), "within the margin is accepted");
  }

  @Test
  void degenerateGeometriesAreRefused() {
    Aligner a = new Aligner(AlignOptions.defaults());
    double[][] eyes = good();
    eyes[1] = eyes[0].clone();
    AlignResult r = a.align(blank(), eyes);
    assertReason(r, AlignFailureReason.LANDMARKS_DEGENERATE);
    assertTrue(r.message().contains("eyes"), r.message());

    double[][] line = {{50, 50}, {100, 60}, {150, 70}, {75, 55}, {125, 65}};
    r = a.align(blank(), line);
    assertReason(r, AlignFailureReason.LANDMARKS_DEGENERATE);
    assertTrue(r.message().contains("collinear"), r.message());

    double[][] tiny =
        landmarksIn(FaceTemplate.ARCFACE_112x112, SimilarityTransform.of(0.06, 0, 120, 120));
    r = a.align(blank(), tiny);
    assertReason(r, AlignFailureReason.LANDMARKS_DEGENERATE);
    assertTrue(r.message().contains("scale"), r.message());
  }

  @Test
  void centerCropMethodNeedsNoLandmarks() {
    AlignOptions o = AlignOptions.builder().method(AlignMethod.CENTER_CROP).cropScale(0.9).build();
    RgbImage orl = new RgbImage(AffineWarpTest.randomImage(92, 112, 9), 92, 112);
    AlignResult r = new Aligner(o).align(orl, null);
    assertTrue(r.isAligned(), r.toString());
    assertEquals(AlignMethod.CENTER_CROP, r.method());
    assertEquals(AlignResult.CENTER_CROP_GEOMETRY, r.geometry());
    assertFalse(r.residual().isPresent());
    assertEquals(112, r.width());
    assertEquals(CenterCrop.matrix(92, 112, 112, 112, 0.9)[0], r.matrix()[0], 0);
  }

  private static void assertReason(AlignResult r, AlignFailureReason reason) {
    assertFalse(r.isAligned(), "expected " + reason + ", got " + r);
    Optional<Rejection> rej = r.rejection();
    assertEquals(reason, rej.get().reason(), r.toString());
    assertEquals(reason.name(), r.reasonCode());
    assertFalse(r.message().isBlank());
  }

  private static double[][] good() {
    return landmarksIn(FaceTemplate.ARCFACE_112x112, SimilarityTransform.of(1.5, 0.1, 40, 30));
  }

  private static RgbImage blank() {
    return new RgbImage(new byte[W * H * 3], W, H);
  }

  @Test
  void noneKeepsAFaceOfTheTemplateSizeAsItIsAndRefusesAnyOtherSize() {
    Aligner none =
        new Aligner(
            AlignOptions.builder()
                .template(FaceTemplate.ARCFACE_112x96)
                .method(AlignMethod.NONE)
                .build());
    byte[] rgb = new byte[96 * 112 * 3];
    new SplittableRandom(3).nextBytes(rgb);
    AlignResult kept = none.align(new RgbImage(rgb, 96, 112), null);
    assertTrue(kept.isAligned());
    assertArrayEquals(rgb, kept.image().rgb());
    assertEquals(AlignMethod.NONE, kept.method());
    assertEquals(FaceTemplate.ARCFACE_112x96.name(), kept.geometry());
    AlignResult refused = none.align(new RgbImage(new byte[112 * 112 * 3], 112, 112), null);
    assertFalse(refused.isAligned());
    assertEquals("WRONG_SIZE", refused.reasonCode());
  }
}
