package io.lfsbeam.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.image.RgbImage;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AffineWarpTest {
  private static final double[] IDENTITY = {1, 0, 0, 0, 1, 0};

  @Test
  void identityReproducesTheImageIncludingLastRowAndColumn() {
    byte[] src = randomImage(37, 23, 1);
    assertArrayEquals(src, AffineWarp.warp(src, 37, 23, IDENTITY, 37, 23));
  }

  @Test
  void integerTranslationShiftsExactlyAndFillsZero() {
    int w = 20, h = 15, dx = 3, dy = -2;
    byte[] src = randomImage(w, h, 2);
    byte[] out = AffineWarp.warp(src, w, h, new double[] {1, 0, dx, 0, 1, dy}, w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int sx = x - dx, sy = y - dy;
        boolean inside = sx >= 0 && sy >= 0 && sx < w && sy < h;
        for (int c = 0; c < 3; c++) {
          int expected = inside ? src[(sy * w + sx) * 3 + c] & 0xff : 0;
          assertEquals(
              expected, out[(y * w + x) * 3 + c] & 0xff, "pixel " + x + "," + y + " channel " + c);
        }
      }
    }
  }

  @Test
  void halfPixelShiftAveragesNeighbours() {
    int w = 8, h = 6;
    byte[] src = randomImage(w, h, 3);
    // dst = src - 0.5 in x: destination x samples source x + 0.5.
    byte[] out = AffineWarp.warp(src, w, h, new double[] {1, 0, -0.5, 0, 1, 0}, w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          int a = src[(y * w + x) * 3 + c] & 0xff;
          int b = x + 1 < w ? src[(y * w + x + 1) * 3 + c] & 0xff : 0; // missing neighbour counts 0
          int got = out[(y * w + x) * 3 + c] & 0xff;
          assertTrue(
              Math.abs(got - (a + b) / 2.0) <= 0.5,
              "pixel " + x + "," + y + ": " + got + " vs avg of " + a + "," + b);
        }
      }
    }
  }

  @Test
  void matchesDoublePrecisionReferenceOnRandomImagesAndSimilarities() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int trial = 0; trial < 60; trial++) {
      int w = 5 + rnd.nextInt(120), h = 5 + rnd.nextInt(120);
      int ow = 1 + rnd.nextInt(90), oh = 1 + rnd.nextInt(90);
      byte[] src = randomImage(w, h, 100 + trial);
      double[] m =
          SimilarityTransform.of(
                  0.3 + rnd.nextDouble() * 3,
                  (rnd.nextDouble() * 2 - 1) * Math.PI,
                  (rnd.nextDouble() - 0.5) * 2 * w,
                  (rnd.nextDouble() - 0.5) * 2 * h)
              .matrix2x3();
      byte[] got = AffineWarp.warp(src, w, h, m, ow, oh);
      byte[] want = referenceWarp(src, w, h, m, ow, oh);
      int maxDiff = 0;
      for (int i = 0; i < got.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs((got[i] & 0xff) - (want[i] & 0xff)));
      }
      assertTrue(maxDiff <= 1, "trial " + trial + ": max difference " + maxDiff + " grey levels");
    }
  }

  @Test
  void generalAffineAlsoMatchesReference() {
    byte[] src = randomImage(64, 48, 5);
    double[] m = {0.8, 0.3, 5.5, -0.2, 1.4, -7.25}; // shear and anisotropic scale
    byte[] got = AffineWarp.warp(src, 64, 48, m, 70, 70);
    byte[] want = referenceWarp(src, 64, 48, m, 70, 70);
    for (int i = 0; i < got.length; i++) {
      assertTrue(Math.abs((got[i] & 0xff) - (want[i] & 0xff)) <= 1, "byte " + i);
    }
  }

  @Test
  void bufferedImageConvenienceAgreesWithPackedBytes() {
    byte[] src = randomImage(30, 20, 6);
    RgbImage img = new RgbImage(src, 30, 20);
    double[] m = SimilarityTransform.of(1.3, 0.2, -4, 3).matrix2x3();
    BufferedImage out = AffineWarp.warp(img.toBufferedImage(), m, 25, 25);
    assertArrayEquals(
        AffineWarp.warp(src, 30, 20, m, 25, 25), RgbImage.fromBufferedImage(out).rgb());
  }

  @Test
  void refusesSingularOrNonFiniteMatrices() {
    byte[] src = randomImage(4, 4, 7);
    assertThrows(
        IllegalArgumentException.class,
        () -> AffineWarp.warp(src, 4, 4, new double[] {1, 2, 0, 2, 4, 0}, 4, 4));
    assertThrows(
        IllegalArgumentException.class,
        () -> AffineWarp.warp(src, 4, 4, new double[] {Double.NaN, 0, 0, 0, 1, 0}, 4, 4));
    assertThrows(IllegalArgumentException.class, () -> AffineWarp.warp(src, 5, 4, IDENTITY, 4, 4));
  }

  /** Straightforward double-precision bilinear warp, border 0 (the OpenCV convention). */
  static byte[] referenceWarp(byte[] src, int w, int h, double[] m, int ow, int oh) {
    double det = m[0] * m[4] - m[1] * m[3];
    double a = m[4] / det, b = -m[1] / det, d = -m[3] / det, e = m[0] / det;
    double c = -(a * m[2] + b * m[5]), f = -(d * m[2] + e * m[5]);
    byte[] out = new byte[ow * oh * 3];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        double sx = a * x + b * y + c, sy = d * x + e * y + f;
        int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
        double fx = sx - x0, fy = sy - y0;
        for (int ch = 0; ch < 3; ch++) {
          double v =
              (1 - fx) * (1 - fy) * at(src, w, h, x0, y0, ch)
                  + fx * (1 - fy) * at(src, w, h, x0 + 1, y0, ch)
                  + (1 - fx) * fy * at(src, w, h, x0, y0 + 1, ch)
                  + fx * fy * at(src, w, h, x0 + 1, y0 + 1, ch);
          out[(y * ow + x) * 3 + ch] = (byte) Math.round(v);
        }
      }
    }
    return out;
  }

  private static double at(byte[] src, int w, int h, int x, int y, int c) {
    return x < 0 || y < 0 || x >= w || y >= h ? 0 : src[(y * w + x) * 3 + c] & 0xff;
  }

  static byte[] randomImage(int w, int h, long seed) {
    byte[] b = new byte[w * h * 3];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }
}
